#!/bin/sh
# Prints the Python that makes the venv: the newest of the commands given (by default
# python3.13, python3.12, python3.11, python3) that is Python 3.11 or newer; on a tie, the
# first named. With none, says what to install and exits 1.
#
#   sh config/find-python.sh                          # python3.12, say
#   sh config/find-python.sh /opt/python3.13/bin/python3.13 python3.12
set -u

[ $# -gt 0 ] || set -- python3.13 python3.12 python3.11 python3

# Prints major.minor and fails below 3.11. A command that is missing, or a pyenv shim for a
# version not selected, prints nothing.
check='import sys; print("%d.%d" % sys.version_info[:2]); sys.exit(sys.version_info < (3, 11))'

best=
best_rank=0
seen=
for candidate in "$@"; do
  version=$("$candidate" -c "$check" 2>/dev/null)
  ok=$?
  case $version in
    [0-9]*.[0-9]*) ;;
    *)
      if command -v "$candidate" >/dev/null 2>&1; then
        seen="$seen; $candidate does not run"
      else
        seen="$seen; no $candidate"
      fi
      continue
      ;;
  esac
  if [ "$ok" -ne 0 ]; then
    seen="$seen; $candidate is $version"
    continue
  fi
  rank=$((${version%%.*} * 1000 + ${version#*.}))
  if [ "$rank" -gt "$best_rank" ]; then
    best=$candidate
    best_rank=$rank
  fi
done

if [ -n "$best" ]; then
  echo "$best"
  exit 0
fi

# printf, not cat: the message holds even on a PATH without coreutils.
printf '%s\n' >&2 \
  "Plenum needs Python 3.11 or newer, and found none (${seen#; }). Install one:" \
  "  Ubuntu 24.04:  sudo apt install python3.12 python3.12-venv" \
  "  Debian 13:     sudo apt install python3.13 python3.13-venv" \
  "  macOS:         brew install python@3.13" \
  "or name one that is already installed: make run PYTHON=/path/to/python3.11-or-newer"
exit 1
