#!/usr/bin/env bash
# The core's modules depend on each other without a new cycle, and the
# database layer at the bottom calls nothing above it (tools/core-deps,
# on the library of the build under test).
set -u
: "${CNSCD:?run through tests/run.sh (CNSCD unset)}"
: "${CNSCD_SOURCE_DIR:?run through tests/run.sh}"
SUITE=cli/test_core_deps
tool=$CNSCD_SOURCE_DIR/tools/core-deps
build=$(dirname "$CNSCD")
T=$(mktemp -d /tmp/cnscd-t.XXXXXX)
trap 'rm -rf "$T"' EXIT
failed=0
pass() { echo "PASS $SUITE: $1"; }
fail() {
	echo "FAIL $SUITE: $1"
	sed 's/^/    /' "$T/out"
	failed=1
}

if python3 "$tool" --known "$CNSCD_SOURCE_DIR/tools/core-deps.known" "$build" >"$T/out" 2>&1; then
	pass "no cycle among the core's modules beyond the known ones"
else
	fail "a new cycle among the core's modules"
fi
# None is known any more: both graphs are free of cycles.
if python3 "$tool" "$build" >"$T/out" 2>&1 && [ "$(grep -c ', no cycle$' "$T/out")" -eq 2 ]; then
	pass "no cycle at all among the core's modules (calls and includes)"
else
	fail "a cycle among the core's modules"
fi
python3 "$tool" --deps db "$build" >"$T/out" 2>&1
if [ "$(awk '{print $2}' "$T/out" | sort -u | tr '\n' ' ')" = "assets collate os today util " ]; then
	pass "db uses only the layers below it (assets, collate, os, today, util)"
else
	fail "db uses a module above it"
fi
python3 "$tool" --deps backup "$build" >"$T/out" 2>&1
if ! grep -qE ' (settings|audit|store|restore)$' "$T/out"; then
	pass "backup reads no setting and does not touch the audit log"
else
	fail "backup uses a module above it"
fi

# The checker itself: a cycle made of two objects is found, named with the
# symbols that make it, and fails; the same graph without it passes.
cat >"$T/nm" <<'NM'
lib.a:a.c.o:0000000000000000 T cn_a_one
lib.a:a.c.o:                 U cn_b_two
lib.a:b.c.o:0000000000000010 T cn_b_two
lib.a:b.c.o:                 U cn_a_one
NM
if ! python3 "$tool" --nm "$T/nm" - >"$T/out" 2>&1 && grep -q 'calls: cycle among a, b' "$T/out" &&
	grep -q 'a -> b (cn_b_two)' "$T/out"; then
	pass "a cycle is found and named"
else
	fail "the checker misses a cycle"
fi
# (The includes graph is the real tree's: its known cycles come along.)
{ cat "$CNSCD_SOURCE_DIR/tools/core-deps.known"; echo 'calls a b'; } >"$T/known"
if python3 "$tool" --known "$T/known" --nm "$T/nm" - >"$T/out" 2>&1 && grep -q 'calls: known cycle among a, b' "$T/out"; then
	pass "a known cycle is reported, not failed"
else
	fail "a known cycle fails"
fi
sed -i '/^lib.a:b.c.o: .*U cn_a_one/d' "$T/nm"
python3 "$tool" --nm "$T/nm" - >"$T/out" 2>&1
if grep -q '^calls: .*no cycle' "$T/out"; then
	pass "without the use back, no cycle"
else
	fail "a cycle is reported where there is none"
fi
[ "$failed" -eq 0 ]
