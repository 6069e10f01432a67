#!/usr/bin/env bash
# Builds a Debian bookworm root file system for a kiosk board with the
# `canteen` package installed, booting straight into the kiosk: no desktop,
# no login prompt on the screen (canteen-kiosk.service replaces getty@tty1),
# the nightly backup timer on. Output: a tarball of the root file system, to
# put on the board's boot medium with its kernel and boot loader (see
# README.md here: that part is board-specific).
#
#   packaging/image/build-image.sh --deb target/debian/canteen_0.1.0-1_arm64.deb \
#       [--arch arm64] [--suite bookworm] [--mirror http://deb.debian.org/debian] \
#       [--hostname canteen-kiosk] --out canteen-rootfs.tar
#
# Needs root, mmdebstrap, and for a foreign --arch qemu-user-static with
# binfmt-support (apt-get install mmdebstrap qemu-user-static binfmt-support).
set -euo pipefail

arch=arm64
suite=bookworm
mirror=http://deb.debian.org/debian
hostname=canteen-kiosk
deb=""
out=""
while (($#)); do
    case "$1" in
        --deb) deb=$2; shift 2 ;;
        --arch) arch=$2; shift 2 ;;
        --suite) suite=$2; shift 2 ;;
        --mirror) mirror=$2; shift 2 ;;
        --hostname) hostname=$2; shift 2 ;;
        --out) out=$2; shift 2 ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "build-image: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
[ -n "$deb" ] && [ -f "$deb" ] || { echo "build-image: --deb FILE: the canteen package built for $arch (scripts/package)" >&2; exit 2; }
[ -n "$out" ] || { echo "build-image: --out FILE.tar is required" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "build-image: run as root (mmdebstrap makes device nodes and owners)" >&2; exit 2; }
command -v mmdebstrap >/dev/null || { echo "build-image: apt-get install mmdebstrap" >&2; exit 2; }
deb_arch=$(dpkg-deb -f "$deb" Architecture)
[ "$deb_arch" = "$arch" ] || { echo "build-image: $deb is for $deb_arch, not $arch" >&2; exit 2; }

# What the kiosk links (display, input, fonts) comes with the package's
# Depends; the rest is a minimal bootable system with the network and time.
include=systemd,systemd-sysv,udev,dbus,adduser,init-system-helpers,ca-certificates,systemd-timesyncd,ifupdown,isc-dhcp-client,openssh-server,locales

mmdebstrap --architectures="$arch" --variant=minbase --include="$include" \
    --customize-hook="copy-in $deb /tmp" \
    --customize-hook="chroot \"\$1\" apt-get install -y --no-install-recommends /tmp/$(basename "$deb")" \
    --customize-hook="rm -f \"\$1/tmp/$(basename "$deb")\"" \
    --customize-hook="echo $hostname > \"\$1/etc/hostname\"" \
    --customize-hook="chroot \"\$1\" systemctl set-default multi-user.target" \
    --customize-hook="chroot \"\$1\" systemctl enable canteen-kiosk.service canteen-backup.timer" \
    --customize-hook="chroot \"\$1\" systemctl mask getty@tty1.service" \
    --customize-hook="chroot \"\$1\" canteen config check --config /etc/canteen" \
    "$suite" "$out" "$mirror"
echo "build-image: wrote $out ($arch, $suite, $(basename "$deb"))" >&2
