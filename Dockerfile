# Gentle ANN in a container: `docker build -t gentle-ann .` then
# `docker run --rm -p 8501:8501 gentle-ann`, and open http://localhost:8501.

# The Python of CI's full run (3.11). Slim: Debian without compilers, which nothing needs here
# (every requirement, 43 packages with their dependencies, installs from a wheel).
FROM python:3.11-slim

# NUMBA_CACHE_DIR: one place for numba's compiled kernel, at build time and at run time alike
# (numba only uses a cache folder it can write to, else it silently picks another one and
# compiles again; so this folder belongs to the app's user, the code itself stays root's).
# glibc's malloc, so that the server's RSS stays flat over a class (benchmarks/classroom.py,
# which starts the server with the same settings: benchmarks/streamlit_server.py):
# - MALLOC_ARENA_MAX: at most 2 heaps (arenas), not one for each thread that meets a busy one
#   (up to 8 a core), each holding on to memory its thread freed;
# - MALLOC_MMAP_THRESHOLD_: every block of 128 kB or more (NumPy's arrays, pickled cache
#   entries) is mapped on its own and given back when freed. Left to itself, glibc raises this
#   threshold up to 32 MB as such blocks are freed, and the heap they then land in keeps the
#   holes between them.
ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NUMBA_CACHE_DIR=/app/.numba_cache \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072

# The app's own user, with a fixed numeric id: `USER 10001` below lets Kubernetes'
# runAsNonRoot check that the image does not run as root.
RUN groupadd --gid 10001 app && useradd --uid 10001 --gid app --create-home app

WORKDIR /app

# The requirements first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# The app itself (.dockerignore leaves out tests, benchmarks, docs and local caches).
COPY . .
RUN mkdir "$NUMBA_CACHE_DIR" && chown app:app "$NUMBA_CACHE_DIR"

USER 10001:10001

# Compile the numba kernel now, as the user that runs the app, into NUMBA_CACHE_DIR: the first
# student never waits on the compiler. numba keys the cache on the CPU it compiled for; on a
# host with another CPU the app compiles once more in the background (serving the NumPy
# engine, same numbers, meanwhile) and writes that into the same folder.
RUN python -m ann_core.warm_up

EXPOSE 8501

# Streamlit's own health endpoint; slim images have no curl, so Python asks (a non-2xx answer
# or no answer raises, and the check fails).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# .streamlit/config.toml (theme, 5 MB uploads, no usage statistics) is read from /app.
CMD ["streamlit", "run", "serve.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]
