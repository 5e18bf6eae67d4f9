#!/bin/bash
# A rule release's unseen numbers, scored ONCE after the rules freeze (benchmarks/real_runs/README.md).
#   bash benchmarks/score_release.sh FRESH_BATCHES "SCORED_BEFORE_BATCHES" FAMILIES_DIR PREVIOUS_RULES_CHECKOUT PEER_PYTHON
# e.g. bash benchmarks/score_release.sh 2026-12-07-r14 "2026-12-07-r13" /work/data/families11 /tmp/rel11 \
#          /work/venvs/peer-venv/bin/python
# FRESH_BATCHES: the batches (several in one quoted argument) whose sealed logs nobody has scored;
# SCORED_BEFORE_BATCHES: sealed batches scored by the previous release and never studied; FAMILIES_DIR: the family generation nobody changing rules read
# (generate_families.py --set vN); PREVIOUS_RULES_CHECKOUT: `git worktree add --detach DIR <commit before the round>`;
# PEER_PYTHON: benchmarks/real_runs/make_peer_venv.sh's venv. Prints every number the release note reports.
set -u
fresh=$1; before=$2; families=$3; prev=$4; peer=$5
here=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-$here/.venv/bin/python}
score() { PYTHONPATH=$1/src "$py" "$here/benchmarks/real_runs/score.py" "${@:2}"; }
fam() { PYTHONPATH=$1/src "$py" "$here/benchmarks/faults/evaluate.py" --data "$families" --no-peers "${@:2}"; }
cd "$here"
echo "== this release, fresh sealed logs of $fresh (with the peers, and how reliable a confidence is)"
score "$here" --part sealed --batch $fresh --peers --peer-python "$peer" --calibration
echo "== this release, fresh batch, with the context the sources state"
score "$here" --part sealed --batch $fresh --context
echo "== the rules before the round ($prev), fresh batch"
score "$prev" --part sealed --batch $fresh
echo "== this release, scored before and never studied: $before"
score "$here" --part sealed --batch $before
echo "== the rules before the round, scored before: $before"
score "$prev" --part sealed --batch $before
echo "== reader only, fresh + scored-before sealed"
score "$here" --part sealed --batch $fresh $before --read-only
echo "== this release, families $families"
fam "$here"
echo "== this release, families, with the context"
fam "$here" --context
echo "== the rules before the round, families"
fam "$prev"
