#!/usr/bin/env bash
# The library and the tool as others get them: install the build into a temporary prefix,
# build tests/consumer against it with find_package(foncier), run it on the installed Val de
# Lorraine config; then build the Debian packages with CPack, unpack the runtime one and run
# the Val de Lorraine job from the installed files only.
# Usage: run_install_test.sh <build dir> <source dir> <work dir>
set -euo pipefail
build=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"

cmake --install "$build" --prefix "$work/prefix" >/dev/null
test -f "$work/prefix/lib/cmake/foncier/foncierConfig.cmake"
test -f "$work/prefix/include/foncier/screen/query.hpp"
cmake -S "$src/tests/consumer" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
line=$("$work/consumer/consumer" "$work/prefix/share/foncier/geodata/val-de-lorraine.toml")
echo "consumer: $line"
grep -q "territory 'Val de Lorraine'" <<<"$line"

(cd "$work" && cpack --config "$build/CPackConfig.cmake" -D CPACK_COMPONENTS_ALL=runtime -B "$work/deb" >/dev/null)
deb=$(ls "$work"/deb/foncier_*.deb)
echo "package: $(basename "$deb")"
dpkg-deb -f "$deb" Package Version Depends
dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/foncier" run "$work/root/usr/share/foncier/geodata/val-de-lorraine.toml" \
  --out "$work/out" --quiet >/dev/null
python3 - "$work/out/run.json" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))
counts = run["outputs"]["layers"]
print("run.json:", {k: counts[k] for k in sorted(counts)[:8]})
assert counts.get("sites", 0) > 0, "no sites in the installed run"
PY
echo "install, consumer and package: ok"
