#!/bin/sh
# Makes the spreadsheet fixtures of tests/spreadsheets.rs the way offices
# make them: the shipped CSV opened in LibreOffice on a machine set to
# Vietnamese or to US English, saved as a workbook, as semicolon CSV and as
# "Unicode Text" (UTF-16, tabs). Run by hand after changing the shipped data;
# commit what it writes (small files) with the data.
#   scripts/make-sheet-fixtures.sh        (writes tests/fixtures/sheets/)
# Needs: libreoffice (Debian package).
set -eu
out=$(realpath -m tests/fixtures/sheets)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# A LibreOffice profile whose locale is $1 (vi-VN, en-US): dates and numbers
# are read and written as a machine set to that language does.
profile() {
  dir="$work/profile-$1"
  mkdir -p "$dir/user"
  cat > "$dir/user/registrymodifications.xcu" <<XCU
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>$1</value></prop></item>
</oor:items>
XCU
  echo "file://$dir"
}
vi=$(profile vi-VN)
en=$(profile en-US)

# soffice LOCALE-PROFILE INPUT-FILTER OUTPUT-FILTER OUT-DIR FILE
convert() {
  if [ -n "$2" ]; then
    soffice -env:UserInstallation="$1" --headless --infilter="$2" --convert-to "$3" --outdir "$4" "$5" >/dev/null 2>&1
  else
    soffice -env:UserInstallation="$1" --headless --convert-to "$3" --outdir "$4" "$5" >/dev/null 2>&1
  fi
}
# CSV import options: comma, double quote, UTF-8, from line 1, standard
# columns, then the language the cells are read in (1066 vi-VN, 1033 en-US).
csv_vi="CSV:44,34,76,1,,1066"
csv_en="CSV:44,34,76,1,,1033"
xlsx="xlsx:Calc MS Excel 2007 XML"

cp data/luat-tdkt-2022/ca_nhan.csv data/cum-thi-dua-vi-2024/don_vi.csv "$work/"

# Vietnamese machine: dates become real dates, numbers take decimal commas.
convert "$vi" "$csv_vi" "$xlsx" "$work/vi" "$work/ca_nhan.csv"
convert "$vi" "$csv_vi" "ods" "$work/vi" "$work/don_vi.csv"
# Saved as CSV there: semicolons (the list separator of a comma-decimal
# locale), numbers and dates as shown.
convert "$vi" "" "csv:Text - txt - csv (StarCalc):59,34,76,1" "$work/vi-csv" "$work/vi/ca_nhan.xlsx"
convert "$vi" "" "csv:Text - txt - csv (StarCalc):59,34,76,1" "$work/vi-csv" "$work/vi/don_vi.ods"
# "Unicode Text": UTF-16 with tabs.
convert "$vi" "" "txt:Text - txt - csv (StarCalc):9,34,65535,1" "$work/vi-txt" "$work/vi/ca_nhan.xlsx"
# US machine: the same CSV opened there reads 02/09/2012 as 9 February and
# leaves 15/03/2015 as text (no 15th month); numbers saved with points.
convert "$en" "$csv_en" "$xlsx" "$work/en" "$work/ca_nhan.csv"
convert "$en" "" "csv:Text - txt - csv (StarCalc):44,34,76,1" "$work/en-csv" "$work/vi/don_vi.ods"

cp "$work/vi/ca_nhan.xlsx" "$out/ca_nhan_may_vi.xlsx"
cp "$work/vi-csv/ca_nhan.csv" "$out/ca_nhan_cham_phay.csv"
cp "$work/vi-txt/ca_nhan.txt" "$out/ca_nhan_unicode.txt"
cp "$work/en/ca_nhan.xlsx" "$out/ca_nhan_may_en.xlsx"
cp "$work/vi-csv/don_vi.csv" "$out/don_vi_cham_phay.csv"
cp "$work/en-csv/don_vi.csv" "$out/don_vi_may_en.csv"
ls -l "$out"
