#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c) with clang, with
# AddressSanitizer and UBSan, into $1 (default build-fuzz/), apart from the
# gcc build. Each target links the core files it exercises; a target is
# rebuilt only when a source or header is newer than it.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/build-fuzz}
mkdir -p "$out"
core=("$top/src/core/csv.c" "$top/src/core/text.c" "$top/src/core/util.c" "$top/src/core/validate.c")
# shellcheck disable=SC2207
utf8proc=($(pkg-config --cflags --libs libutf8proc))
flags=(-g -O1 "-fsanitize=fuzzer,address,undefined" -fno-sanitize-recover=undefined
	-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I"$top/include")
for src in "$top"/tests/fuzz/fuzz_*.c; do
	bin=$out/$(basename "$src" .c)
	if [ -x "$bin" ] && [ -z "$(find "$src" "${core[@]}" "$top/include" -newer "$bin" -print -quit)" ]; then
		continue
	fi
	clang "${flags[@]}" "$src" "${core[@]}" "${utf8proc[@]}" -o "$bin"
done
