#!/usr/bin/env bash
# ICU for Sightline.Plugins.AdoNet.Tests: Microsoft.Data.SqlClient refuses to open a connection in globalization-invariant
# mode, so that test project turns invariant mode off and needs the system's ICU. Safe to run again.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if ! ldconfig -p | grep -q 'libicuuc\.so\.'; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends libicu72
fi
ldconfig -p | grep 'libicuuc\.so\.' | head -n 1
