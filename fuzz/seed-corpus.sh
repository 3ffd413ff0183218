#!/usr/bin/env bash
# Seeds fuzz/corpus/ from the bundled posts and the test fixtures. Each file is cut into pieces
# of at most 4 KB at blank lines (the fuzzers run with -max_len=4096), and each piece is
# prefixed with the bytes the target reads first:
# - render: width byte and mode byte (see fuzz_targets/render.rs);
# - front_matter: one byte (width and whether the file has a date); only the first piece of
#   each file, which holds the front matter, plus the whole of the short fixtures.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/render corpus/front_matter

n=0
for file in ../posts/*.md ../tests/fixtures/posts/*.md; do
    name=$(basename "$file" .md)
    # Pieces of at most 3900 bytes, cut at blank lines (a longer paragraph is one piece).
    LC_ALL=C awk -v out="corpus/.piece-$name-" '
        function flush() { if (buf != "") { printf "%s", buf > (out sprintf("%03d", k)); close(out sprintf("%03d", k)); k++; buf = "" } }
        { line = $0 "\n" }
        /^$/ && length(buf) + length(line) > 3900 { flush() }
        { buf = buf line }
        END { flush() }
    ' "$file"
    for piece in corpus/.piece-"$name"-*; do
        i=${piece##*-}
        # Widths 80, 40 and 13 (bytes 79, 39, 12); modes render (0), wrap (64), light (128).
        case $((n % 3)) in
            0) prefix='\x4f\x00' ;;
            1) prefix='\x27\x80' ;;
            2) prefix='\x0c\x40' ;;
        esac
        { printf "$prefix"; cat "$piece"; } > "corpus/render/$name-$i"
        if [ "$i" = 000 ]; then
            { printf '\x4f'; cat "$piece"; } > "corpus/front_matter/$name"
        fi
        rm "$piece"
        n=$((n + 1))
    done
done
echo "seeded $(ls corpus/render | wc -l) render and $(ls corpus/front_matter | wc -l) front_matter inputs"
