#!/bin/sh
# pack-corpus.sh -- write a corpus folder as one input of the corpus fuzz
# harness (tests/fuzz/fuzz_corpus.c): a flags byte that replaces all five
# files, then the files separated by the byte 0x1e.
#
#   tests/fuzz/pack-corpus.sh DIR [FLAGS] > SEED
#
# FLAGS is the flags byte in octal (default 037: in memory; 137: through a
# folder).  A file missing from DIR is packed as the byte 0x7f, which the
# harness leaves out in folder mode.
set -eu
dir=$1
flags=${2:-037}
# shellcheck disable=SC2059
printf "\\$flags"
sep=
for f in standards clauses edges terms term_links; do
    printf "$sep"
    if [ -f "$dir/$f.tsv" ]; then cat "$dir/$f.tsv"; else printf '\177'; fi
    sep='\036'
done
