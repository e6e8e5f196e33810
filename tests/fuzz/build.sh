#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang, with
# AddressSanitizer and UBSan, into $1 (default build-fuzz/), apart from the
# gcc build. The text targets link the few core files they exercise; the
# importer, workbook and bundle targets (fuzz_import, fuzz_xlsx, fuzz_bundle)
# link the whole core,
# compiled once into $1/core/ with the embedded migrations. A file is
# rebuilt only when a source or header is newer than it.
set -euo pipefail
shopt -s inherit_errexit
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/build-fuzz}
mkdir -p "$out/core"
# With text_latin.c (text.c's fast ways), the platform layer's Linux half
# (cnscd/os.h), which util.c calls, and today.c, which validate.c asks for
# the date (it registers an SQL function: SQLite is linked too).
core=("$top/src/core/csv.c" "$top/src/core/text.c" "$top/src/core/text_latin.c" "$top/src/core/text_legacy.c"
	"$top/src/core/util.c" "$top/src/core/validate.c" "$top/src/core/today.c" "$top/src/core/os_posix.c"
	"$top/src/core/os_posix_folder.c")
# shellcheck disable=SC2207
utf8proc=($(pkg-config --cflags --libs libutf8proc sqlite3))
# shellcheck disable=SC2207
full_libs=($(pkg-config --cflags --libs libutf8proc sqlite3 libzip expat))
flags=(-g -O1 -fno-sanitize-recover=undefined
	-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I"$top/include")

# stale FILE SOURCE...: FILE is missing or older than a source or a header.
stale() {
	local file=$1
	shift
	[ ! -e "$file" ] || [ -n "$(find "$@" "$top/include" "$top/src/core" -newer "$file" -print -quit)" ]
}

# The whole core, for the targets that need a database.
full_core() {
	local lib=$out/core/libcore.a
	stale "$lib" "$top/assets/migrations" || { echo "$lib"; return; }
	# Not assets.c: src/core/assets.c (cn_asset_find) makes an assets.o too.
	python3 "$top/scripts/embed.py" "$out/core/embedded_assets.c" "$top/assets" "$top"/assets/migrations/*.sql
	local objs=() src obj
	for src in "$top"/src/core/*.c "$out/core/embedded_assets.c"; do
		case $(basename "$src") in os_win*) continue ;; esac # the Windows half
		obj=$out/core/$(basename "$src" .c).o
		# The gcc build is the warning gate; clang also wants every field of
		# a designated initializer.
		clang "${flags[@]}" -Wno-missing-field-initializers -fsanitize=fuzzer-no-link,address,undefined \
			-I"$top/src/core" -c "$src" -o "$obj" >&2
		objs+=("$obj")
	done
	rm -f "$lib"
	ar rcs "$lib" "${objs[@]}"
	echo "$lib"
}

for src in "$top"/tests/fuzz/fuzz_*.c; do
	name=$(basename "$src" .c)
	bin=$out/$name
	case $name in
	fuzz_import | fuzz_xlsx | fuzz_bundle)
		lib=$(full_core)
		stale "$bin" "$src" "$lib" || continue
		clang "${flags[@]}" -fsanitize=fuzzer,address,undefined -I"$top/src/core" "$src" "$lib" "${full_libs[@]}" \
			-o "$bin"
		;;
	*)
		stale "$bin" "$src" "${core[@]}" || continue
		clang "${flags[@]}" -fsanitize=fuzzer,address,undefined "$src" "${core[@]}" "${utf8proc[@]}" -o "$bin"
		;;
	esac
done
