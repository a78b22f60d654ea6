#!/usr/bin/env bash
# Runs `w2t check` on every tests/bad/*.yaml and checks that it exits 2 and
# prints each `# expect: TEXT` line of the file (a substring of stderr).
set -u
w2t=${1:?usage: check_bad.sh PATH/TO/w2t}
failed=0
count=0
for file in tests/bad/*.yaml; do
  count=$((count + 1))
  err=$("$w2t" check "$file" 2>&1 >/dev/null)
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
if [ "$count" -lt 15 ]; then echo "FAIL only $count files in tests/bad (expected at least 15)"; failed=$((failed + 1)); fi
echo "$((count - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
