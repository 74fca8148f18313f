#!/usr/bin/env bash
# Builds the base of Weir's container image from Debian packages, without a Docker daemon or an
# image registry: a Debian 12 root file system with OpenJDK 17 (headless) made by mmdebstrap,
# the user weir (uid 185, group 0) and its data directory, written as a one-layer image tarball in
# `docker save` form, which Jib reads as its base (tar://). Takes a few minutes; run as root.
#   bash src/main/image/base-image.sh target/image/base.tar
# The apt sources are the host's, so the packages come from wherever this machine's apt points.
set -euo pipefail
out=${1:?usage: base-image.sh OUTPUT.tar}
if [ -f "$out" ]; then
  echo "base image: reusing $out (delete it to build it again)"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v mmdebstrap >/dev/null; then
  apt-get update -q && apt-get install -y -q mmdebstrap
fi
sources=/etc/apt/sources.list.d/debian.sources
[ -f "$sources" ] || sources=/etc/apt/sources.list

# Without manuals (the JDK's alternatives still need man1 to exist). File times are clamped to
# this date, so the same packages give the same layer.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1735689600}
mmdebstrap --mode=root --variant=essential \
  --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --essential-hook='mkdir -p "$1/usr/share/man/man1"' \
  --customize-hook='echo "weir:x:185:0:Weir:/var/lib/weir:/usr/sbin/nologin" >> "$1/etc/passwd"' \
  --customize-hook='mkdir -p "$1/var/lib/weir" && chown 185:0 "$1/var/lib/weir" && chmod 0770 "$1/var/lib/weir"' \
  --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*' \
  bookworm "$work/layer.tar" "$sources"

diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$(date -u -d @"$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created_by":"src/main/image/base-image.sh: mmdebstrap bookworm openjdk-17-jre-headless"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["weir-base:bookworm-jre17"],"Layers":["layer.tar"]}]' > "$work/manifest.json"
mkdir -p "$(dirname "$out")"
tar -C "$work" -cf "$out.partial" manifest.json config.json layer.tar
mv "$out.partial" "$out"
echo "base image: $out ($(du -h "$out" | cut -f1))"
