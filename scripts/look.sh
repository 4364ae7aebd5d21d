#!/bin/sh
# Renders what officials print, to look at before calling a report done (by
# hand, not in CI): the HTML reports through headless Chromium to PDF, the
# workbooks through LibreOffice to PDF, every PDF page to PNG. Two shipped
# packs of each kind, so that a layout fitted to one sample shows on the other.
#   scripts/look.sh [out-dir]        (default: target/look)
# Needs: chromium, libreoffice, pdftoppm (poppler-utils).
set -eu
out=${1:-target/look}
mkdir -p "$out"
bin=target/release/thidua
[ -x "$bin" ] || cargo build --release
# name | command and its arguments (without --format/--output)
runs="score-cum-vi|score rules/cum-thi-dua-vi-2024 --data data/cum-thi-dua-vi-2024
score-my-loc|score rules/my-loc-2023 --data data/my-loc-2023 --as-of 2023-12-31
check-luat|check rules/luat-tdkt-2022 --data data/luat-tdkt-2022 --as-of 2024-12-31
check-yen-chau|check rules/yen-chau-2023 --data data/yen-chau-2023"
echo "$runs" | while IFS='|' read -r name cmd; do
  # shellcheck disable=SC2086
  $bin $cmd --format html --output "$out/$name.html"
  # shellcheck disable=SC2086
  $bin $cmd --format xlsx --output "$out/$name.xlsx"
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$out/$name.html.pdf" "file://$(realpath "$out/$name.html")" 2>/dev/null
  (cd "$out" && soffice --headless --convert-to pdf --outdir . "$name.xlsx" >/dev/null 2>&1 &&
    mv "$name.pdf" "$name.xlsx.pdf")
done
for p in "$out"/*.pdf; do
  rm -f "${p%.pdf}"-*.png
  pdftoppm -r 60 -png "$p" "${p%.pdf}"
done
for p in "$out"/*.pdf; do
  echo "$p: $(pdfinfo "$p" | sed -n 's/^Pages: *//p') pages"
done
