"""The deployment files, read as text: the Dockerfile builds what the README runs, and the
Kubernetes manifests agree with the image and with each other. No Docker, kubectl or network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = ROOT / "deploy" / "kubernetes"
HEALTH = "/_stcore/health"
PORT = 8501
# What the running app reads; .dockerignore must not leave any of it out of the image.
APP_FILES = {
    "requirements.txt",
    ".streamlit",
    "streamlit_app.py",
    "serve.py",
    "app_pages",
    "ann_app",
    "ann_core",
}


def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions in order, as (INSTRUCTION, arguments), continuation lines
    joined and comments dropped."""
    instructions, pending = [], ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        instructions.append((keyword.upper(), " ".join(args.split())))
        pending = ""
    return instructions


def args_of(keyword: str) -> list[str]:
    return [args for key, args in dockerfile() if key == keyword]


def index_of(fragment: str, keyword: str = "RUN") -> int:
    """Position of the first `keyword` instruction whose arguments hold `fragment`."""
    for i, (key, args) in enumerate(dockerfile()):
        if key == keyword and fragment in args:
            return i
    raise AssertionError(f"no {keyword} instruction with {fragment!r} in the Dockerfile")


def image_uid() -> int:
    user = args_of("USER")[-1].split(":")[0]
    assert user.isdigit(), f"USER {user!r}: a numeric id lets runAsNonRoot check it"
    return int(user)


# ---- Dockerfile ---------------------------------------------------------------------------


def test_base_image_is_slim_python_311():
    (base,) = args_of("FROM")
    assert base.startswith("python:3.11") and "slim" in base


def test_installs_requirements_with_the_readme_command():
    install = index_of("pip install --no-cache-dir -r requirements.txt")
    assert index_of("requirements.txt", "COPY") < install


def test_compiles_the_kernel_at_build_time_as_the_runtime_user():
    assert (ROOT / "ann_core" / "warm_up.py").is_file()
    warm = index_of("python -m ann_core.warm_up")
    users = [i for i, (key, _) in enumerate(dockerfile()) if key == "USER"]
    assert users and users[-1] < warm, "warm up as the user that runs the app"
    assert index_of(". .", "COPY") < warm
    # One cache folder at build and at run time, owned by that user (numba skips a cache
    # folder it cannot write to and compiles again elsewhere).
    env = " ".join(args_of("ENV"))
    assert "NUMBA_CACHE_DIR=" in env
    assert index_of("chown") < warm and "$NUMBA_CACHE_DIR" in dockerfile()[index_of("chown")][1]


def test_sets_the_allocator_the_benchmarks_measure():
    # The classroom benchmark's memory figures hold for the image only if both start the server
    # with the same malloc settings.
    from benchmarks.streamlit_server import ALLOCATOR_ENVIRONMENT

    env = dict(pair.split("=", 1) for args in args_of("ENV") for pair in args.split())
    assert ALLOCATOR_ENVIRONMENT
    assert {name: env.get(name) for name in ALLOCATOR_ENVIRONMENT} == ALLOCATOR_ENVIRONMENT


def test_runs_as_a_non_root_user():
    assert image_uid() != 0


def test_serves_on_8501_with_a_health_check():
    assert args_of("EXPOSE") == [str(PORT)]
    (check,) = args_of("HEALTHCHECK")
    assert f"127.0.0.1:{PORT}{HEALTH}" in check and "curl" not in check
    command = json.loads(args_of("CMD")[-1])  # the exec form: no shell between
    assert command[:3] == ["streamlit", "run", "serve.py"]
    assert {"--server.address=0.0.0.0", f"--server.port={PORT}", "--server.headless=true"} <= set(
        command
    )


def test_dockerignore_keeps_what_the_app_reads():
    ignored = {
        line.strip().strip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert not ignored & APP_FILES
    assert "**/__pycache__" in ignored  # no stale numba cache from a developer's tree


# ---- Kubernetes manifests -----------------------------------------------------------------


@pytest.fixture(scope="module")
def manifests() -> dict[str, dict]:
    """Every document of every manifest, by kind (each kind once)."""
    yaml = pytest.importorskip("yaml")
    found = {}
    for path in sorted(MANIFESTS.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            assert {"apiVersion", "kind", "metadata"} <= doc.keys(), path.name
            assert doc["kind"] not in found, f"{doc['kind']} twice"
            found[doc["kind"]] = doc
    assert {"Deployment", "Service", "Ingress"} <= found.keys()
    return found


def container(manifests) -> dict:
    (app,) = manifests["Deployment"]["spec"]["template"]["spec"]["containers"]
    return app


def test_probes_ask_streamlits_health_endpoint(manifests):
    app = container(manifests)
    names = {p["name"] for p in app["ports"]} | {p["containerPort"] for p in app["ports"]}
    for probe in ("readinessProbe", "livenessProbe"):
        assert app[probe]["httpGet"]["path"] == HEALTH
        assert app[probe]["httpGet"]["port"] in names


def test_service_reaches_the_container_port_with_affinity(manifests):
    service = manifests["Service"]["spec"]
    app = container(manifests)
    (port,) = service["ports"]
    assert [p["containerPort"] for p in app["ports"]] == [PORT]
    assert port["targetPort"] in {PORT, app["ports"][0]["name"]}
    assert service["sessionAffinity"] == "ClientIP"
    labels = manifests["Deployment"]["spec"]["template"]["metadata"]["labels"]
    assert service["selector"].items() <= labels.items()


def test_pods_run_as_the_images_user(manifests):
    pod = manifests["Deployment"]["spec"]["template"]["spec"]["securityContext"]
    assert pod["runAsNonRoot"] is True and pod["runAsUser"] == image_uid()


def test_resources_fit_the_measured_class(manifests):
    """Requests at least a class of 30's measured figures: 0.40 cores, a peak RSS of 435 MB
    (the classroom benchmark's MB are VmRSS kB / 1024, so MiB)."""
    resources = container(manifests)["resources"]
    cpu = resources["requests"]["cpu"]
    millicores = int(cpu[:-1]) if cpu.endswith("m") else int(float(cpu) * 1000)
    assert millicores >= 400
    assert resources["requests"]["memory"].endswith("Mi")
    assert int(resources["requests"]["memory"][:-2]) >= 435
    assert resources["limits"]["memory"] == "1Gi"


def test_ingress_keeps_a_browser_on_its_pod(manifests):
    ingress = manifests["Ingress"]
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    (rule,) = ingress["spec"]["rules"]
    (path,) = rule["http"]["paths"]
    backend = path["backend"]["service"]
    assert backend["name"] == manifests["Service"]["metadata"]["name"]
    assert backend["port"]["name"] == manifests["Service"]["spec"]["ports"][0]["name"]
