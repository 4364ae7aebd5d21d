#!/bin/sh
# Renders what officials print, to look at before calling a report done (by
# hand, not in CI): the HTML reports through headless Chromium to PDF, the
# workbooks through LibreOffice to PDF, every PDF page to PNG.
#   scripts/look.sh [out-dir]        (default: target/look)
# Needs: chromium, libreoffice, pdftoppm (poppler-utils).
set -eu
out=${1:-target/look}
mkdir -p "$out"
bin=target/release/thidua
[ -x "$bin" ] || cargo build --release
$bin score rules/cum-thi-dua-vi-2024 --data data/cum-thi-dua-vi-2024 --format html --output "$out/score.html"
$bin score rules/cum-thi-dua-vi-2024 --data data/cum-thi-dua-vi-2024 --format xlsx --output "$out/score.xlsx"
$bin check rules/luat-tdkt-2022 --data data/luat-tdkt-2022 --as-of 2024-12-31 --format html --output "$out/check.html"
$bin check rules/luat-tdkt-2022 --data data/luat-tdkt-2022 --as-of 2024-12-31 --format xlsx --output "$out/check.xlsx"
for f in score check; do
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$out/$f.html.pdf" "file://$(realpath "$out/$f.html")" 2>/dev/null
  (cd "$out" && soffice --headless --convert-to pdf --outdir . "$f.xlsx" >/dev/null 2>&1 && mv "$f.pdf" "$f.xlsx.pdf")
done
for p in "$out"/*.pdf; do
  pdftoppm -r 60 -png "$p" "${p%.pdf}"
done
ls "$out"/*.png
