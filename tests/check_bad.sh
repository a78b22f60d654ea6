#!/usr/bin/env bash
# Runs `w2t check` on every DIR/*.yaml (default tests/bad) and checks that it
# exits 2, within 20 s, and prints each `# expect: TEXT` line of the file (a
# substring of stderr); DIR must hold at least MIN files (default 15).
#   tests/check_bad.sh PATH/TO/w2t [DIR] [MIN]
set -u
w2t=${1:?usage: check_bad.sh PATH/TO/w2t [DIR] [MIN]}
dir=${2:-tests/bad}
min=${3:-15}
failed=0
count=0
for file in "$dir"/*.yaml; do
  count=$((count + 1))
  err=$(timeout 20 "$w2t" check "$file" 2>&1 >/dev/null)
  code=$?
  if [ "$code" -ne 2 ]; then
    echo "FAIL $file: exit code $code, expected 2"; failed=$((failed + 1)); continue
  fi
  expects=$(grep -c '^# expect: ' "$file")
  if [ "$expects" -eq 0 ]; then
    echo "FAIL $file: no '# expect:' line"; failed=$((failed + 1)); continue
  fi
  while IFS= read -r line; do
    want=${line#\# expect: }
    if ! grep -qF -- "$want" <<<"$err"; then
      echo "FAIL $file: missing '$want' in:"; echo "$err" | sed 's/^/    /'
      failed=$((failed + 1))
    fi
  done < <(grep '^# expect: ' "$file")
done
if [ "$count" -lt "$min" ]; then echo "FAIL only $count files in $dir (expected at least $min)"; failed=$((failed + 1)); fi
echo "$((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
