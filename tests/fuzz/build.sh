#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang, with
# AddressSanitizer and UBSan, into $1 (default build-fuzz/), apart from the
# gcc build. Every target links the whole core (less the Windows half of the
# platform layer, which clang on Linux cannot compile), compiled once into $1/core/
# with the embedded migrations (the linker takes the files a target needs,
# so a core file that starts calling another needs no change here). A file
# is rebuilt only when a source or header is newer than it.
set -euo pipefail
shopt -s inherit_errexit
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/build-fuzz}
mkdir -p "$out/core"
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
	local objs=() src obj failed=$out/core/failed cores
	cores=$(nproc 2>/dev/null || echo 2)
	rm -f "$failed"
	# One compiler per core: the files do not depend on each other.
	for src in "$top"/src/core/*.c "$out/core/embedded_assets.c"; do
		case $(basename "$src") in os_win*) continue ;; esac # the Windows half
		obj=$out/core/$(basename "$src" .c).o
		while [ "$(jobs -pr | wc -l)" -ge "$cores" ]; do wait -n || true; done
		# The gcc build is the warning gate; clang also wants every field of
		# a designated initializer.
		{ clang "${flags[@]}" -Wno-missing-field-initializers -fsanitize=fuzzer-no-link,address,undefined \
			-I"$top/src/core" -c "$src" -o "$obj" >&2 || touch "$failed"; } &
		objs+=("$obj")
	done
	wait
	[ ! -e "$failed" ] || { echo "tests/fuzz/build.sh: the core did not compile" >&2; exit 1; }
	rm -f "$lib"
	ar rcs "$lib" "${objs[@]}"
	echo "$lib"
}

# build_target SOURCE: builds one target when it is out of date.
build_target() {
	local src=$1 bin
	bin=$out/$(basename "$src" .c)
	stale "$bin" "$src" "$lib" || return 0
	clang "${flags[@]}" -fsanitize=fuzzer,address,undefined -I"$top/src/core" "$src" "$lib" "${full_libs[@]}" \
		-o "$bin"
}

# The whole core first; then the targets side by side.
lib=$(full_core)
rm -f "$out/failed"
for src in "$top"/tests/fuzz/fuzz_*.c; do
	while [ "$(jobs -pr | wc -l)" -ge "$(nproc 2>/dev/null || echo 2)" ]; do wait -n || true; done
	{ build_target "$src" || touch "$out/failed"; } &
done
wait
[ ! -e "$out/failed" ] || { echo "tests/fuzz/build.sh: a fuzz target did not build" >&2; exit 1; }
