#!/bin/sh
# The Debian packages wutong needs beyond Python, checked before `make site` / `make test`.
# As root with apt-get they are installed; otherwise we stop at once and print the command to run,
# so no build or test later fails with a confusing message about a missing font or library.
#   site: what WeasyPrint needs to print the 月报 PDFs the site links to: fontconfig, a CJK font
#         (fonts-noto-cjk; without one wutong refuses to print boxes for Chinese) and Pango
#   test: the same, plus Chromium (browser tests), pdftoppm and git
set -eu
what=${1:-test}
case "$what" in
    site|test) ;;
    *) echo "用法：sh scripts/system-packages.sh site|test" >&2; exit 2 ;;
esac
missing=""
need() { missing="$missing $1"; }

# ldconfig lives in /sbin, which is not on an ordinary user's PATH on Debian
ldconfig_cmd=$(command -v ldconfig 2>/dev/null || true)
if [ -z "$ldconfig_cmd" ]; then
    for candidate in /sbin/ldconfig /usr/sbin/ldconfig; do
        if [ -x "$candidate" ]; then ldconfig_cmd=$candidate; break; fi
    done
fi
libraries=""
if [ -n "$ldconfig_cmd" ]; then libraries=$("$ldconfig_cmd" -p 2>/dev/null || true); fi

# PDFs (月报 in the site, notices and reports in the tests): WeasyPrint, fontconfig and a Chinese font
command -v fc-list >/dev/null 2>&1 || need fontconfig
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh family 2>/dev/null)" ]; then
    need fonts-noto-cjk
fi
for lib in libpango-1.0.so.0:libpango-1.0-0 libpangoft2-1.0.so.0:libpangoft2-1.0-0 \
           libharfbuzz-subset.so.0:libharfbuzz-subset0; do
    printf '%s\n' "$libraries" | grep -q "${lib%%:*}" || need "${lib##*:}"
done

if [ "$what" = test ]; then
    command -v chromium >/dev/null 2>&1 || need chromium
    command -v pdftoppm >/dev/null 2>&1 || need poppler-utils
    command -v git >/dev/null 2>&1 || need git
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装缺少的系统软件包：$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $missing
    exit 0
fi

echo "缺少系统软件包：$missing" >&2
echo "请先运行（需要管理员权限）：" >&2
echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends$missing" >&2
echo "然后再运行 make $what" >&2
exit 1
