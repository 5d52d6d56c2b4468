#!/bin/sh
# Prints the newest Python >= 3.12 found here; exits 1 with a message when there is none.
# pyenv shims are skipped on purpose: they fail without PYENV_VERSION, so pyenv's own
# installations are tried directly.
candidates="python3.14 python3.13 python3.12 python3"
pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for dir in $(ls -d "$pyenv_root"/versions/3.1[2-9]* 2>/dev/null | sort -r -V); do
    candidates="$candidates $dir/bin/python3"
done
best=""
best_version=0
for cand in $candidates; do
    version=$("$cand" -c 'import sys; v=sys.version_info; print(v[0]*100+v[1] if v >= (3, 12) else 0)' 2>/dev/null) || continue
    if [ -n "$version" ] && [ "$version" -gt "$best_version" ]; then
        best="$cand"
        best_version="$version"
    fi
done
if [ -z "$best" ]; then
    echo "Geen Python 3.12 of nieuwer gevonden. Installeer Python >= 3.12 of geef er een op met PYTHON=/pad/naar/python3." >&2
    exit 1
fi
command -v "$best" 2>/dev/null || echo "$best"
