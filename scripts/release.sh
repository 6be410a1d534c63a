#!/usr/bin/env bash
# Builds a release of carto for Linux (glibc) into target/dist/:
#   carto-VERSION-ARCH-linux-gnu.tar.gz   the stripped binary, man pages,
#                                         completions, licenses
#   carto_VERSION_ARCH.deb                the same as a Debian package
#                                         (dpkg-deb; no cargo-deb needed)
# and prints the oldest glibc the binary needs. Uses Cargo.lock (--locked).
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
arch=$(dpkg --print-architecture 2>/dev/null || uname -m)
triple_arch=$(uname -m)
cargo build --release --locked --quiet
out=target/dist
rm -rf "$out" && mkdir -p "$out"
root=$out/carto_${version}_${arch}
bin=$root/usr/bin/carto
install -Dm755 target/release/carto "$bin"
strip --strip-all "$bin" 2>/dev/null || true

# Man pages (gzip, as Debian installs them) and completions, from the binary itself.
"$bin" man --dir "$root/usr/share/man/man1" -q
gzip -9n "$root"/usr/share/man/man1/*.1
install -d "$root/usr/share/bash-completion/completions" \
  "$root/usr/share/zsh/vendor-completions" "$root/usr/share/fish/vendor_completions.d"
"$bin" completions bash > "$root/usr/share/bash-completion/completions/carto"
"$bin" completions zsh > "$root/usr/share/zsh/vendor-completions/_carto"
"$bin" completions fish > "$root/usr/share/fish/vendor_completions.d/carto.fish"
install -d "$root/usr/share/doc/carto"
{
  echo "carto is dual-licensed under the MIT license or the Apache License 2.0, at your option."
  echo
  cat LICENSE-MIT
  echo
  cat LICENSE-APACHE
} > "$root/usr/share/doc/carto/copyright"
cp README.md CHANGELOG.md "$root/usr/share/doc/carto/"

# The oldest glibc the binary runs on: the highest symbol version it uses.
glibc=$(objdump -T "$bin" 2>/dev/null | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1 || true)
depends="libc6 (>= ${glibc:-2.17})"

install -d "$root/DEBIAN"
cat > "$root/DEBIAN/control" <<CONTROL
Package: carto
Version: $version
Architecture: $arch
Maintainer: The carto authors <carto@users.noreply.github.com>
Depends: $depends
Recommends: graphviz
Section: utils
Priority: optional
Installed-Size: $(du -sk "$root/usr" | cut -f1)
Description: map an information system and its personal data
 carto reads a declarative YAML inventory of applications, data, flows,
 people, grants and processings, checks it (GDPR, security, access review),
 answers who reaches what and why, exports the GDPR Art. 30 register, draws
 diagrams and keeps history in SQLite.
CONTROL
dpkg-deb --root-owner-group --build "$root" "$out/carto_${version}_${arch}.deb" >/dev/null

# The same files as a tarball, for other distributions.
tarname=carto-${version}-${triple_arch}-linux-gnu
mkdir -p "$out/$tarname"
cp -r "$root/usr/bin/carto" "$root/usr/share/man" "$out/$tarname/"
cp -r "$root/usr/share/bash-completion/completions/carto" "$out/$tarname/carto.bash"
cp "$root/usr/share/zsh/vendor-completions/_carto" "$root/usr/share/fish/vendor_completions.d/carto.fish" "$out/$tarname/"
cp LICENSE-MIT LICENSE-APACHE README.md "$out/$tarname/"
tar -C "$out" -czf "$out/$tarname.tar.gz" "$tarname"
rm -rf "$out/$tarname"

echo "built $out/carto_${version}_${arch}.deb and $out/$tarname.tar.gz"
echo "binary: $(du -h "$bin" | cut -f1), needs glibc >= ${glibc:-unknown}"
