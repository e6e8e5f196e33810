#!/usr/bin/env bash
# One meaning per key: no key does two different things on two screens,
# except the intended families (keys.c: leaving, going in, moving, the
# next field, the report and its file); the README's key tables are the
# key table's (tests/tools/keymap.c writes them: keymap write-readme).
. "$CNSCD_SOURCE_DIR/tests/lib.sh"

KEYMAP=$(dirname "$CNSCD")/tests/keymap
out=$("$KEYMAP" conflicts 2>&1)
rc=$?
if [ "$rc" -eq 0 ] && [ -z "$out" ]; then pass "no key with two meanings"; else fail "keys with two meanings" "$out"; fi

out=$("$KEYMAP" check-readme "$CNSCD_SOURCE_DIR/README.md" 2>&1)
rc=$?
if [ "$rc" -eq 0 ]; then
	pass "the README's key tables are the key table's ($out)"
else
	fail "the README's key tables differ (build/tests/keymap write-readme README.md writes them)" "$out"
fi

# The bar of a list at 80 columns shows the report and the results, set
# apart as acting on the place shown.
"$KEYMAP" markdown units >"$T/units.md"
expect_eq "the units list's table names the report as the place's" \
	"$(grep -c '^| F9, x | Xem và xuất báo cáo của đơn vị đang xem (ở đây) |$' "$T/units.md")" 1
expect_eq "approving is not deleting" "$(grep -c '^| D | ' <("$KEYMAP" markdown approval))" 1
expect_eq "undo is undo in check-in too" "$(grep -c '^| Ctrl-Z | Hoàn tác' <("$KEYMAP" markdown checkin))" 1
expect_eq "the results view exports" "$(grep -c '^| F9, x | Xuất' <("$KEYMAP" markdown results))" 1
expect_eq "Home and End in the results view" "$(grep -cE '^\| (Home|End) \|' <("$KEYMAP" markdown results))" 2
expect_eq "a form that only asks says so" "$(grep -c '^| F2, Ctrl-S | Dùng các giá trị' <("$KEYMAP" markdown ask))" 1
t_done
