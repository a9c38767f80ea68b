#!/usr/bin/env bash
# Builds the hub's container image without a Docker daemon (buildah), from scratch:
#   deploy/image/build.sh [--jar PATH] [--tag NAME] [--work DIR] [--archive FILE]
# --jar      the hub's jar (default: quicksilver-server/target/quicksilver.jar; build it first
#            with ./mvnw -q -pl quicksilver-server -am package -DskipTests)
# --tag      the image's name in local container storage (default: localhost/quicksilver:dev)
# --work     where the runtime and the root file system are assembled (default: target/image);
#            the jlink'd runtime is kept there and reused while the JDK and the module list are
#            the same
# --archive  also write the image as an OCI archive (for skopeo copy, or `podman load`)
# Needs: a JDK 17 with jmods (Debian: openjdk-17-jdk-headless + openjdk-17-jmods), buildah,
# binutils (strip), zip, unzip, ldd. Prints the image's size at the end.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="$repo/quicksilver-server/target/quicksilver.jar"
tag="localhost/quicksilver:dev"
work="$repo/target/image"
archive=""
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --tag) tag="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --archive) archive="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -f "$jar" ] || { echo "no jar at $jar: build it first (see --jar)" >&2; exit 2; }

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}"
jmods="$java_home/jmods"
[ -d "$jmods" ] || { echo "no jmods in $java_home (Debian: apt-get install openjdk-17-jmods)" >&2; exit 2; }

# The modules the hub needs, found by jdeps in the jar's classes (so that a new dependency brings
# its modules), plus jdk.crypto.ec, which is loaded by name (EC keys for ES256 tokens, ECDHE in
# TLS) where jdeps cannot see it. The jar's module-info classes are left out: jdeps would
# otherwise resolve the shaded libraries as modules, which the jar no longer holds apart.
mkdir -p "$work"
classes="$work/classes"
rm -rf "$classes"
unzip -q -o "$jar" -x '*module-info.class' -d "$classes"
modules="$(jdeps --ignore-missing-deps --multi-release 17 --print-module-deps "$classes"),jdk.crypto.ec"
rm -rf "$classes"
echo "modules: $modules" >&2
mkdir -p "$work"
runtime="$work/runtime"
stamp="$(cat "$java_home/release" 2>/dev/null | sha256sum | cut -c1-16)-$(echo "$modules" | sha256sum | cut -c1-16)"
if [ ! -f "$runtime/.stamp" ] || [ "$(cat "$runtime/.stamp")" != "$stamp" ]; then
  rm -rf "$runtime"
  jlink --module-path "$jmods" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
    --compress=2 --output "$runtime"
  # Debian's libjvm.so keeps its symbol tables (about a third of the runtime's size).
  find "$runtime" -name '*.so' -exec strip --strip-unneeded {} +
  strip --strip-unneeded "$runtime/bin/java"
  rm -f "$runtime"/bin/jrunscript "$runtime"/bin/keytool "$runtime"/bin/rmiregistry
  echo "$stamp" > "$runtime/.stamp"
fi

t0=$SECONDS
rootfs="$work/context/rootfs"
rm -rf "$work/context"
mkdir -p "$rootfs/opt/quicksilver" "$rootfs/etc" "$rootfs/tmp" "$work/context/data"
cp -a "$runtime" "$rootfs/opt/java"
rm -f "$rootfs/opt/java/.stamp"

# The hub's jar without the native libraries of other platforms (sqlite-jdbc bundles every
# operating system's): this image is Linux x86-64 with glibc.
cp "$jar" "$rootfs/opt/quicksilver/quicksilver.jar"
zip -q -d "$rootfs/opt/quicksilver/quicksilver.jar" 'org/sqlite/native/Windows/*' 'org/sqlite/native/Mac/*' \
  'org/sqlite/native/FreeBSD/*' 'org/sqlite/native/Linux-*' 'org/sqlite/native/Linux/[!x]*' \
  'org/sqlite/native/Linux/x86/*' >/dev/null
natives="$work/natives"
rm -rf "$natives"
unzip -q -o "$rootfs/opt/quicksilver/quicksilver.jar" '*.so' -d "$natives"
cp "$repo/jvm.options" "$rootfs/opt/quicksilver/jvm.options"

# The shared libraries the runtime and the jar's native code (Netty's epoll and BoringSSL,
# SQLite) load, with the dynamic loader, at the paths ldd names.
libs="$(
  { find "$rootfs/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \)
    find "$natives" -name '*.so'
  } | xargs ldd 2>/dev/null | grep -v "$work" | awk '/=> \//{print $3} /^\t\/[^ ]+ \(/{print $1}' | sort -u
)"
for lib in $libs; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
# The loader's path in every executable.
if [ ! -e "$rootfs/lib64/ld-linux-x86-64.so.2" ]; then
  mkdir -p "$rootfs/lib64"
  cp -L /lib64/ld-linux-x86-64.so.2 "$rootfs/lib64/"
fi

cat > "$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
quicksilver:x:10001:10001:Quicksilver hub:/data:/sbin/nologin
PASSWD
cat > "$rootfs/etc/group" <<'GROUP'
root:x:0:
quicksilver:x:10001:
GROUP
# Host names from /etc/hosts first, then DNS (glibc's defaults would try more).
echo 'hosts: files dns' > "$rootfs/etc/nsswitch.conf"
chmod 1777 "$rootfs/tmp"
cp "$here/Containerfile" "$work/context/Containerfile"

echo "root file system assembled in $((SECONDS - t0)) s" >&2
# --format docker keeps HEALTHCHECK (the OCI format has none); --timestamp 0 makes the build
# reproducible: the same inputs give the same image id.
buildah build --quiet --format docker --timestamp 0 --layers=false -f "$work/context/Containerfile" \
  -t "$tag" "$work/context" >/dev/null
if [ -n "$archive" ]; then
  rm -f "$archive"
  skopeo copy --quiet "containers-storage:$tag" "oci-archive:$archive"
fi
size="$(podman image inspect --format '{{.Size}}' "$tag")"
echo "built $tag: $((size / 1024 / 1024)) MiB uncompressed"
