#!/usr/bin/env bash
# Makes a base image for `./mvnw -Pimage` where no registry is reachable: a Java 17 runtime cut by jlink from the
# JDK on this machine, the C libraries it links (copied from this machine), a non-root user 10001 and nothing else
# (no shell, no package manager). Written as a `docker save` tarball, which Jib reads as `-Dimage.base=tar://...`.
#
#   image/offline-base.sh [target/jre-base.tar]
#   ./mvnw -Pimage package -DskipTests -Dimage.base=tar://$PWD/target/jre-base.tar
#
# The result runs on Linux of this machine's architecture. Prefer the registry's eclipse-temurin:17-jre where one is
# reachable: it gets security updates; this image has whatever this machine's JDK and C library have.
set -euo pipefail

out=${1:-target/jre-base.tar}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}
jmods="$java_home/jmods"
[ -d "$jmods" ] || { echo "no $jmods: jlink needs a JDK with jmods (e.g. the openjdk-17-jdk-headless package)" >&2; exit 1; }
# What the portal's libraries use (Spring, Tomcat, JDBC drivers, fabric8, the sandbox's HTTP servers, JFR).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.management.rmi,\
java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,\
java.sql.rowset,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,jdk.crypto.ec,\
jdk.httpserver,jdk.jfr,jdk.localedata,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,\
jdk.security.auth,jdk.unsupported,jdk.zipfs

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/etc" "$root/tmp" "$root/data" "$root/app" "$root/opt"

"$java_home/bin/jlink" --module-path "$jmods" --add-modules "$modules" --strip-debug --no-header-files \
  --no-man-pages --compress=2 --output "$root/opt/java"
# Debian's JDK links its CA certificates from the system; the image needs the file itself.
for cacerts in /etc/ssl/certs/java/cacerts "$java_home/lib/security/cacerts"; do
  if [ -s "$cacerts" ]; then cp -L "$cacerts" "$root/opt/java/lib/security/cacerts"; break; fi
done

# The C libraries the runtime's binaries and libraries link, and the dynamic loader, at their own paths.
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 -n1 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' | sort -u \
  | while read -r lib; do
      mkdir -p "$root$(dirname "$lib")"
      cp -L "$lib" "$root$lib"
    done

cat > "$root/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
portal:x:10001:10001:portal:/app:/sbin/nologin
PASSWD
cat > "$root/etc/group" <<'GROUP'
root:x:0:
portal:x:10001:
GROUP
echo 'hosts: files dns' > "$root/etc/nsswitch.conf"
chmod 1777 "$root/tmp"
chown 10001:10001 "$root/data" "$root/app" 2>/dev/null || true

tar --numeric-owner --sort=name --mtime=@0 -C "$root" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; *) arch=$(uname -m) ;; esac
java_version=$("$root/opt/java/bin/java" -version 2>&1 | head -1 | tr -d '"\\')
cat > "$work/config.json" <<CONFIG
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"User":"10001:10001",
           "WorkingDir":"/app"},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created_by":"image/offline-base.sh: jlink of $java_version and its C libraries"}]}
CONFIG
config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mkdir -p "$work/image/$diff_id"
mv "$work/layer.tar" "$work/image/$diff_id/layer.tar"
mv "$work/config.json" "$work/image/$config_id.json"
echo "[{\"Config\":\"$config_id.json\",\"RepoTags\":[\"converge-portal-jre-base:17\"],\"Layers\":[\"$diff_id/layer.tar\"]}]" \
  > "$work/image/manifest.json"
mkdir -p "$(dirname "$out")"
tar --numeric-owner -C "$work/image" -cf "$out" manifest.json "$config_id.json" "$diff_id"
echo "$out: $(du -h "$out" | cut -f1), $java_version, $arch"
