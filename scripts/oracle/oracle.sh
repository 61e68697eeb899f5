#!/usr/bin/env bash
# The official EN 16931 Schematron (release 1.3.16) as a test oracle, on Saxon-HE.
#
#   scripts/oracle/oracle.sh setup              build the runner and compile both Schematrons
#   scripts/oracle/oracle.sh ubl|cii [FILE...]  one JSON line per FILE (read from stdin, one a
#                                               line, when none is given):
#                                               {file, syntax, findings:[{id, flag, location, text}]}
#                                               plus "error" when the file could not be read as XML
#   scripts/oracle/oracle.sh facturx PROFILE [FILE...]
#                                               the same with Factur-X's own Schematron of that
#                                               profile (1.09.2, from Mustang's validator jar), for
#                                               Factur-X CII; an assert without a flag is an error
#
# Every step is done once and cached: Maven fetches Saxon-HE and SchXslt and builds the runner
# (infra/schematron/target/, rebuilt only when its pom or source changes); each .sch is compiled
# to XSLT into var/oracle/, keyed by the checksum of the Schematron files and the pom. After the
# first run nothing goes to the network. Progress goes to stderr, results to stdout.
# Exit 3: java or mvn is missing. SHARED_DIR as in tests/support/paths.ts.
set -euo pipefail
# A failed compilation inside $(compiled …) must stop the script, not hand on a missing file.
shopt -s inherit_errexit

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=$(cd "$ROOT" && cd "${SHARED_DIR:-../shared}" && pwd)
MODULE=$ROOT/infra/schematron
JAR=$MODULE/target/schematron-oracle.jar
CACHE=$ROOT/var/oracle
# Where Mustang's validator jar keeps Factur-X's Schematrons, release 1.09.2.
FACTURX_RULES=schematron/ZF_250
# SchXslt's compilation and some asserts recurse deeply; with the JIT still cold (a loaded CI
# machine) interpreted frames are bigger and the default 1 MB stack overflowed in CI. All threads
# (main and the run's workers) get this size.
STACK=-Xss64m

log() { printf 'oracle: %s\n' "$*" >&2; }

need() {
  command -v "$1" >/dev/null 2>&1 || { log "$1 not found: the Schematron oracle needs a JDK (17+) and Maven on the PATH"; exit 3; }
}

build() {
  if [[ -f $JAR && -d $MODULE/target/libs && -z $(find "$MODULE/pom.xml" "$MODULE/src" -newer "$JAR" -print -quit) ]]; then
    return
  fi
  need mvn
  log "building the runner with Maven (the first time, downloads Saxon-HE and SchXslt from Maven Central)"
  # Only downloads and the verdict: the rest of Maven's log is noise here.
  mvn -B -f "$MODULE/pom.xml" -Dmaven.test.skip=true package 2>&1 | grep -E --line-buffered 'Downloaded from|ERROR|BUILD' >&2
}

# The compiled stylesheet of one syntax, compiling it if its sources changed.
compiled() {
  local syntax=$1 upper dir hash out
  upper=$(tr '[:lower:]' '[:upper:]' <<<"$syntax")
  dir=$SHARED/rules/en16931/$syntax/schematron
  [[ -f $dir/EN16931-$upper-validation.sch ]] || { log "no Schematron at $dir"; exit 2; }
  hash=$({ (cd "$dir" && find . -name '*.sch' -print0 | sort -z | xargs -0 sha256sum); sha256sum <"$MODULE/pom.xml"; } | sha256sum | cut -c1-16)
  out=$CACHE/EN16931-$upper-$hash.xsl
  if [[ ! -f $out ]]; then
    log "compiling EN16931-$upper-validation.sch to XSLT with SchXslt (15 to 50 s, once)"
    find "$CACHE" -maxdepth 1 -name "EN16931-$upper-*.xsl" -delete
    java "$STACK" -cp "$JAR:$MODULE/target/libs/*" oracle.SchematronOracle compile "$dir/EN16931-$upper-validation.sch" "$out"
  fi
  printf '%s\n' "$out"
}

# The compiled stylesheet of one profile's Factur-X Schematron, compiling it if the jar changed.
# Its rules read the profile's code lists with document(), relative to the stylesheet: both are
# kept side by side, in a folder per jar.
compiled_facturx() {
  local profile=$1 jar=$MODULE/target/facturx/facturx-schematron.jar dir out
  [[ $profile =~ ^(MINIMUM|BASIC-WL|BASIC|EN16931|EXTENDED)$ ]] || { log "no Factur-X profile $profile (MINIMUM, BASIC-WL, BASIC, EN16931 or EXTENDED)"; exit 2; }
  dir=$CACHE/facturx-$({ sha256sum <"$jar"; sha256sum <"$MODULE/pom.xml"; } | sha256sum | cut -c1-16)
  out=$dir/FACTUR-X_$profile.xsl
  if [[ ! -f $out ]]; then
    log "compiling Factur-X's $profile Schematron to XSLT with SchXslt (once)"
    find "$CACHE" -maxdepth 1 -name 'facturx-*' ! -path "$dir" -exec rm -rf {} +
    mkdir -p "$dir"
    (cd "$dir" && jar xf "$jar" "$FACTURX_RULES/FACTUR-X_$profile.sch" "$FACTURX_RULES/FACTUR-X_${profile}_codedb.xml")
    mv "$dir/$FACTURX_RULES/FACTUR-X_${profile}_codedb.xml" "$dir/"
    java "$STACK" -cp "$JAR:$MODULE/target/libs/*" oracle.SchematronOracle compile "$dir/$FACTURX_RULES/FACTUR-X_$profile.sch" "$out"
  fi
  printf '%s\n' "$out"
}

need java
mkdir -p "$CACHE"
# One builder at a time: concurrent test workers share target/ and var/oracle/.
exec 9>"$CACHE/.lock"
flock 9
build
case "${1:-}" in
  setup)
    compiled ubl >/dev/null
    compiled cii >/dev/null
    log "ready"
    ;;
  ubl | cii)
    syntax=$1
    shift
    xsl=$(compiled "$syntax")
    exec 9>&-
    # C1 only: the run is short and spends its time compiling the stylesheet; the optimizing
    # compiler would cost more than it saves (300 documents: 4 s instead of 6.5 s; 2 300: 19 s
    # instead of 25 s, measured on 2 cores).
    exec java "$STACK" -XX:TieredStopAtLevel=1 -cp "$JAR:$MODULE/target/libs/*" oracle.SchematronOracle run "$xsl" "$syntax" "$@"
    ;;
  facturx)
    xsl=$(compiled_facturx "${2:-}")
    shift 2
    exec 9>&-
    exec java "$STACK" -XX:TieredStopAtLevel=1 -cp "$JAR:$MODULE/target/libs/*" oracle.SchematronOracle run "$xsl" cii "$@"
    ;;
  *)
    log "usage: $0 setup | ubl|cii [FILE...] | facturx MINIMUM|BASIC-WL|BASIC|EN16931|EXTENDED [FILE...]"
    exit 2
    ;;
esac
