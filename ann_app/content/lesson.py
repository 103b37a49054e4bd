"""The guided lesson, as data: one `LessonStep` per stop on the post's thread.

Each step names a page and the settings to open it with (URL values, checked against that
page's settings table by the tests), a few sentences of explanation and one question to answer
by experiment. A teacher adds a step by adding an entry to `STEPS`; the Lesson page, its step
selector, its URL and every count of the steps on the pages (`steps_in_words`) follow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ann_app.content import autoencoder_tables, drawn_points, tables, training_tables
from ann_app.content.drawn_points import DrawnPoint, point
from ann_app.settings.setting import Setting, encode_params

HOME = "app_pages/home.py"
LESSON = "app_pages/lesson.py"
ACTIVATIONS = "app_pages/activations.py"
SURFACES = "app_pages/error_surfaces.py"
BACKPROP = "app_pages/backpropagation.py"
CLASSIFICATION = "app_pages/classification.py"
REGRESSION = "app_pages/regression.py"
AUTOENCODERS = "app_pages/autoencoders.py"

#: The settings table behind each page a step can open (the URL keys it understands).
PAGE_SETTINGS: dict[str, tuple[Setting, ...]] = {
    HOME: tables.HOME_SETTINGS,
    ACTIVATIONS: tables.ACTIVATION_SETTINGS,
    SURFACES: tables.SURFACE_SETTINGS,
    BACKPROP: tables.BACKPROP_SETTINGS,
    CLASSIFICATION: training_tables.CLASSIFICATION_SETTINGS,
    REGRESSION: training_tables.REGRESSION_SETTINGS,
    AUTOENCODERS: autoencoder_tables.AUTOENCODER_SETTINGS,
}


@dataclass(frozen=True)
class LessonStep:
    """One stop of the lesson: what to read, what to find out, and where (page + settings)."""

    title: str
    text: str
    question: str
    page: str
    params: Mapping[str, Any] = field(default_factory=dict)
    points: tuple[DrawnPoint, ...] = ()  # a drawing the link carries (Classification's `pts`)


def link_params(step: LessonStep) -> dict[str, str]:
    """Every setting of the step's page as URL text, the step's values and defaults for the
    rest, encoded the way the page writes them.

    The page then finds its URL already complete and leaves it alone: a page that rewrites its
    URL adds a second browser history entry, and one Back would not return to the lesson.
    """
    settings = PAGE_SETTINGS[step.page]
    params = encode_params(settings, {**{s.name: s.default for s in settings}, **step.params})
    if step.points:
        params[drawn_points.URL_KEY] = drawn_points.encode(step.points)
    return params


#: An island: four points of class 1 in the middle of the square, eight of class 0 around them.
ISLAND = (
    *(point(x1, x2, 1) for x1, x2 in ((0.4, 0.4), (0.6, 0.4), (0.4, 0.6), (0.6, 0.6))),
    *(
        point(x1, x2, 0)
        for x1, x2 in (
            (1.2, 0.5),
            (0.5, 1.2),
            (-0.2, 0.5),
            (0.5, -0.2),
            (1.0, 1.0),
            (0.0, 0.0),
            (1.0, 0.0),
            (0.0, 1.0),
        )
    ),
)


def _post(**values: Any) -> dict[str, Any]:
    """The post's classification settings (training_tables.POST) with `values` on top."""
    return {**training_tables.POST, **values}


STEPS: tuple[LessonStep, ...] = (
    LessonStep(
        "One neuron",
        "Everything in a network is built from one small calculation. A unit weighs each of "
        "its inputs, adds the results and a bias into a single number z, and squashes z with "
        "an activation function. Learning means nothing more than changing those weights "
        "and that bias.",
        "Keep the sigmoid and change only w₁. Beyond which value of z does the output hardly "
        "move any more, however far you push the weight?",
        HOME,
        {"a1": 1.0, "a2": 0.5, "w1": 1.5, "w2": -1.0, "b": 0.5, "g": "sigmoid"},
    ),
    LessonStep(
        "Activation functions",
        "The activation decides how a unit answers a large or a small z. Sigmoid and tanh "
        "flatten out at both ends, ReLU is flat on one side only, and a linear unit never "
        "bends. Where a curve is flat its slope is almost zero, and that slope is what "
        "learning multiplies by.",
        "Move the probe to z₀ = 4. Which activation still has a slope worth learning from, and "
        "which would you pick for a hidden layer?",
        ACTIVATIONS,
        {"show": ("sigmoid", "tanh", "relu"), "zmax": 6.0, "shade": True, "z0": 4.0},
    ),
    LessonStep(
        "Error surfaces",
        "Fix the data and the error becomes a landscape over the weights. Training starts "
        "somewhere on it and walks downhill. Plain gradient descent follows the local slope; "
        "momentum and Adam remember where they were heading. Here both units are tanh and the "
        "target is 0, so the valley floor is where w₁ = 0 or w₂ = 0, and the walk starts high "
        "up on a plateau.",
        "What should the learning rate be? Try 0.1, 1 and 5: how many steps does each method "
        "need to reach the valley (the table counts them), and which ones overshoot, their "
        "error rising again on the way?",
        SURFACES,
        {
            "g": "tanh",
            "t": 0.0,
            "opt": ("gradient_descent", "momentum", "adam"),
            "lr": 1.0,
            "steps": 100,
        },
    ),
    LessonStep(
        "Backpropagation",
        "To walk downhill we need the slope of the error for every weight. Backpropagation "
        "gets all of them in one backward sweep: the output's error is passed back through "
        "the weights, each unit takes its share, and each weight moves by its input times "
        "the error that reached it.",
        "Are there better error functions than the squared difference? Switch the loss to "
        "cross-entropy and compare the output's delta and the size of the first update.",
        BACKPROP,
        {"data": "XOR", "layers": 1, "h1": 2, "loss": "sse", "lr": 2.0},
    ),
    LessonStep(
        "AND and OR with one unit",
        "With no hidden layer the network is a single sigmoid unit, the perceptron. Its "
        "boundary between the two classes is always a straight line, and for AND and OR a "
        "straight line is all it takes.",
        "What should the learning rate be here? Try 0.005 and 20 instead of 2: which still "
        "learns OR within 100 epochs, and what does the loss curve look like?",
        CLASSIFICATION,
        _post(data="OR", layers=0),
    ),
    LessonStep(
        "XOR defeats one unit",
        "XOR asks for one class on a diagonal and the other class on the other diagonal. No "
        "single straight line can split them, so one unit gets stuck near half right, "
        "however long it trains.",
        "Is it bad luck? Turn on the restarts at the bottom of the page: how many of the "
        "seeds learn XOR without a hidden layer?",
        CLASSIFICATION,
        _post(data="XOR", layers=0),
    ),
    LessonStep(
        "XOR with a hidden layer",
        "Add a hidden layer and each hidden unit draws its own line; the output unit then "
        "combines those half-planes into a region that no single line could make. Look at "
        "the maps of what each hidden unit responds to.",
        "How many hidden units does XOR need? Lower the units from 4 to 1, 2 and 3 and run the "
        "restarts for each: from which size does it learn reliably?",
        CLASSIFICATION,
        _post(data="XOR", layers=1, h1=4),
    ),
    LessonStep(
        "The ring stalls",
        "The post's ring run does not learn: the network answers the majority class "
        "everywhere while annealing shrinks the learning rate each epoch, until the steps "
        "are too small to leave the flat part of the error surface. (The post's text calls "
        "the centre class 1; its code, which this app follows, makes the centre class 0 and "
        "the eight points around it class 1.)",
        "Should we use annealing? Set the annealing factor to 1.0 (no annealing) with the "
        "preset 'RING that learns', then try 0.99: which runs escape the plateau?",
        CLASSIFICATION,
        _post(data="RING", layers=1, h1=4),
    ),
    LessonStep(
        "A circle without a hidden layer",
        "A hidden layer is one way to bend the boundary; bent inputs are another. Fed the "
        "squares x₁² and x₂² (measured from the middle of the square) instead of x₁ and x₂, "
        "one sigmoid unit with no hidden layer draws a circle: the curve is already in its "
        "inputs. It gets 99 of 100 points right.",
        "Is the circle in the data or in the network? Switch the input features back to x₁ and "
        "x₂, still with no hidden layer: how much is right now? Then add a hidden layer of 4 "
        "units instead of the squares.",
        CLASSIFICATION,
        training_tables.CIRCLE_FROM_SQUARES,
    ),
    LessonStep(
        "Regression: adding up units",
        "For a curve the output is linear: it adds up the hidden units' weighted outputs and "
        "a bias. Each tanh unit contributes one smooth step, and a few steps stacked together "
        "already draw a sine. With many units and few points the network can also follow "
        "the noise: here 16 units train for 500 epochs on 28 noisy points, and 12 more are "
        "held out to test it.",
        "How do the number of units and overfitting relate? Scrub through the epochs: when is "
        "the test loss lowest, and what does it do after that while the training loss keeps "
        "falling? Then lower the units to 3: does the test loss rise as much?",
        REGRESSION,
        {**training_tables.OVERFITTING, "stack": True},
    ),
    LessonStep(
        "L2 against overfitting",
        "Regularisation is the other cure: the error gets a penalty on the size of the "
        "weights, so the curve stays smooth unless the data insist. L2 with λ = 0.01 pulls "
        "every weight a little towards 0 at each step (the biases are left alone). The same "
        "16 units on the same 28 points now end with a test loss per sample of 0.1878, lower "
        "than the plain run ever gets, while fitting the training points a little less "
        "closely.",
        "How strong should the penalty be? Try λ = 0.001 and 0.03: which ends with the lowest "
        "test loss? Then switch to L1 at 0.01: how many of the units' weights are left near 0?",
        REGRESSION,
        {**training_tables.OVERFITTING_L2, "stack": True},
    ),
    LessonStep(
        "Data you draw",
        "The data need not come from the post: here are twelve points drawn by clicking on "
        "the surface, four of class 1 in the middle and eight of class 0 around them. Four "
        "hidden units, trained for 300 epochs without annealing, close a region around the "
        "island and get 12 of 12 right; with no hidden layer one unit gets 8 of 12 (it "
        "answers class 0 everywhere).",
        "Can the network reach a far-off point? Pick class 1 and click the corner at "
        "(1.4, 1.4), next to a class 0 point: does the island stretch out to it, and how many "
        "points are right now? Then clear the drawing and make your own.",
        CLASSIFICATION,
        {"layers": 1, "h1": 4, "anneal": 1.0, "epochs": 300},
        ISLAND,
    ),
    LessonStep(
        "The landscape of a deeper network",
        "The post ends by asking how complex the error surfaces of deeper networks are. With "
        "dozens of weights the whole surface cannot be drawn, but a slice of it can: the loss "
        "landscape further down the page shows the loss on a plane through the trained "
        "weights, along two random directions scaled to the weights' sizes (Li et al., 2018). "
        "Here XOR has three hidden layers of 4 sigmoid units, 57 weights and biases. After 100 "
        "epochs it answers 0.5 for every point (its surface is one even colour), and across "
        "the whole plane "
        "the loss is 0.2500 per sample to four decimals: a plateau so flat that gradient "
        "descent finds no slope to follow.",
        "Is it the depth or the sigmoid? Lower the hidden layers to 1 (the post's network), "
        "then go back to 3 layers with tanh hidden units: which of them sit at the bottom of a "
        "bowl, and how many times higher than at the cross does the loss climb on the plane?",
        CLASSIFICATION,
        _post(data="XOR", layers=3, h1=4, h2=4, h3=4, landscape=True),
    ),
    LessonStep(
        "Learning without targets",
        "An autoencoder learns without targets: trained to give back its own input through a "
        "narrow code, it has to find what the points have in common (at the top of the page, "
        "a ring of points goes through a code of one unit). Greedy pretraining trains one "
        "autoencoder per hidden layer and keeps their encoders as a deep network's first "
        "weights; the targets come only after. On the plateau of the step before (XOR through "
        "three sigmoid layers of 4, 100 epochs), none of 20 random starts reaches 99% training "
        "accuracy; all 20 pretrained starts do, in a median of 5 epochs.",
        "Is it what the autoencoders learnt, or only how large their weights are (a mean |w| "
        "of 1.556 against the random draws' 0.239)? Look at the random starts scaled to the "
        "pretrained sizes: how many of them learn, and how fast? Then switch the hidden "
        "activation to tanh: does pretraining still help?",
        AUTOENCODERS,
        {"compare": True},
    ),
    LessonStep(
        "What to try next",
        "There are no fixed answers to how large a network should be, how fast it should "
        "learn or which activation to use: you find out by trying. The circle below is "
        "only partly learned by four sigmoid units; the spiral is the hard challenge.",
        "How many hidden layers, and which activation? Try 8 units, a second layer, or tanh "
        "hidden units on the circle: which change helps most? Then switch to the spiral.",
        CLASSIFICATION,
        {"data": "CIRCLE", "layers": 1, "h1": 4, "anneal": 1.0},
    ),
)


# fmt: off
_UNITS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# fmt: on


def in_words(n: int) -> str:
    """`n` (0 to 99) spelled as a sentence says it: 14 is "fourteen", 21 "twenty-one"."""
    if not 0 <= n < 100:
        raise ValueError(f"{n} is not between 0 and 99")
    if n < 20:
        return _UNITS[n]
    tens, units = divmod(n, 10)
    return _TENS[tens - 2] + (f"-{_UNITS[units]}" if units else "")


def steps_in_words() -> str:
    """How many steps the lesson has, in words, counted from `STEPS` (never written out by
    hand: a step added or removed changes every sentence that counts them)."""
    return in_words(len(STEPS))


def in_brief() -> str:
    """The Lesson's line in Home's list of pages, with its count of steps."""
    count = steps_in_words()
    return f"A guided tour in {count} steps, each with a question to answer by experiment."


#: The Lesson page's one control: which step it shows (`?step=` in its URL, counted from 1).
STEP = Setting("step", "step", "int", 1, 1, max(len(STEPS), 2), section="Lesson")
LESSON_SETTINGS: tuple[Setting, ...] = (STEP,)
