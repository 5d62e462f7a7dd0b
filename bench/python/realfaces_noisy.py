#!/usr/bin/python3
"""The --label-noise twin of a real-face set, without rendering it all again.

realfaces_noisy.py UTK_DIR CLEAN_OUT NOISY_OUT --persons P --eval-persons E --seed S \
    --label-noise R

CLEAN_OUT is what ../shared/tools/realfaces.py wrote with the same UTK_DIR, --persons,
--eval-persons and --seed and no --label-noise. realfaces.py draws the label errors from their
own random stream, so its noisy set holds the same photos except the swapped incorrect/normal
pairs: this runs realfaces.py's own planning twice (without rendering), hard-links every photo the
clean set already has and renders only the rest. The result, truth folder included, is
byte-for-byte what realfaces.py --label-noise R writes (checked on a 100-person set), in seconds
instead of the half hour 2,700 persons take to render on 2 cores.
"""
import os
import shutil
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "..", "shared", "tools"))
import realfaces  # noqa: E402


class PlanOnly:
    """Stands in for multiprocessing.Pool: keeps the render jobs instead of running them."""

    jobs = []

    def __init__(self, *args):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass

    def map(self, fn, jobs, chunksize=1):
        PlanOnly.jobs = list(jobs)


def plan(argv):
    """realfaces.py's render jobs (source, mask state, seed, path) for these arguments."""
    realfaces.Pool = PlanOnly
    sys.argv = ["realfaces.py"] + argv
    realfaces.main()
    return PlanOnly.jobs


def main():
    if len(sys.argv) < 5 or "--label-noise" not in sys.argv:
        sys.exit(__doc__)
    utk, clean, noisy = sys.argv[1:4]
    options = sys.argv[4:]
    at = options.index("--label-noise")
    clean_options = options[:at] + options[at + 2:]
    scratch = os.path.abspath(noisy).rstrip("/") + ".plan"
    if os.path.exists(scratch):
        sys.exit(f"{scratch} exists: move it away first")
    # The clean plan writes only CSVs, into a scratch folder: the clean set itself is not touched.
    have = {job[:3]: job[3].replace(scratch, os.path.abspath(clean), 1)
            for job in plan([utk, scratch] + clean_options)}
    linked = rendered = 0
    for job in plan([utk, noisy] + options):
        if os.path.exists(job[3]):
            os.remove(job[3])
        source = have.get(job[:3])
        if source and os.path.exists(source):
            os.link(source, job[3])
            linked += 1
        else:
            realfaces.render(job)
            rendered += 1
    shutil.rmtree(scratch)
    shutil.rmtree(scratch + "-truth")
    print(f"{linked} photos linked from {clean}, {rendered} rendered")


if __name__ == "__main__":
    main()
