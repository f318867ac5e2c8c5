#!/usr/bin/env bash
# Refresh the front-end files in videreforing/static/vendor from the npm registry.
# The results are committed, so running the app needs neither npm nor a network.
set -euo pipefail
cd "$(dirname "$0")/.."
HTMX_VERSION="${HTMX_VERSION:-2}"
DS_CSS_VERSION="${DS_CSS_VERSION:-1}"
DS_THEME_VERSION="${DS_THEME_VERSION:-1}"
dest=videreforing/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "htmx.org@$HTMX_VERSION" "@digdir/designsystemet-css@$DS_CSS_VERSION" \
  "@digdir/designsystemet-theme@$DS_THEME_VERSION" >/dev/null)
for tgz in "$work"/*.tgz; do
  name=$(basename "$tgz" .tgz)
  mkdir -p "$work/$name" && tar xzf "$tgz" -C "$work/$name"
done
rm -rf "$dest" && mkdir -p "$dest/htmx" "$dest/designsystemet-css" "$dest/designsystemet-theme"
cp "$work"/htmx.org-*/package/dist/htmx.min.js "$work"/htmx.org-*/package/LICENSE "$dest/htmx/"
cp "$work"/digdir-designsystemet-css-*/package/dist/src/index.css "$dest/designsystemet-css/index.css"
cp "$work"/digdir-designsystemet-css-*/package/LICENSE "$dest/designsystemet-css/"
cp "$work"/digdir-designsystemet-theme-*/package/src/themes/designsystemet.css "$dest/designsystemet-theme/designsystemet.css"
cp "$work"/digdir-designsystemet-theme-*/package/LICENSE "$dest/designsystemet-theme/"
{
  echo "# Vendored front-end files (refresh with \`make vendor\`)"
  echo
  for pkg in htmx.org @digdir/designsystemet-css @digdir/designsystemet-theme; do
    dir=$(ls -d "$work"/$(echo "$pkg" | sed 's#^@##; s#/#-#')-*/package | head -1)
    version=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['version'])" "$dir/package.json")
    licence=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1])).get('license',''))" "$dir/package.json")
    echo "- \`$pkg\` $version, licence $licence (see LICENSE in its folder)"
  done
} > "$dest/README.md"
cat "$dest/README.md"
