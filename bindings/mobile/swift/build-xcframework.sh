#!/usr/bin/env bash
# Builds BroadsheetFFI.xcframework for iOS (device and simulator) and macOS, with the mobile
# profile (small, stripped, panics caught at the boundary). Needs macOS with Xcode and the
# Rust targets: rustup target add aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios \
#   aarch64-apple-darwin x86_64-apple-darwin
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
profile=mobile
for target in aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin; do
  cargo build --locked -p broadsheet-mobile --lib --profile "$profile" --target "$target"
done
lib() { echo "$root/target/$1/$profile/libbroadsheet_mobile.a"; }
out="$root/target/mobile-bindings/apple"
rm -rf "$out" "$here/BroadsheetFFI.xcframework"
mkdir -p "$out/ios-sim" "$out/macos"
lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$out/ios-sim/libbroadsheet_mobile.a"
lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$out/macos/libbroadsheet_mobile.a"
xcodebuild -create-xcframework \
  -library "$(lib aarch64-apple-ios)" -headers "$here/BroadsheetFFI" \
  -library "$out/ios-sim/libbroadsheet_mobile.a" -headers "$here/BroadsheetFFI" \
  -library "$out/macos/libbroadsheet_mobile.a" -headers "$here/BroadsheetFFI" \
  -output "$here/BroadsheetFFI.xcframework"
echo "built $here/BroadsheetFFI.xcframework; now: swift test (in $here)"
