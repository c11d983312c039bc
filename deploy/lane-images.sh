# Sourced by deploy/compose-test (and deploy/lane-images-test): which image the lane runs for
# each name the project's files use. OLF_LANE_IMAGES chooses:
#   auto      (default) the official image when it is here or a registry serves it, else a
#             stand-in built from Debian packages and Maven Central artifacts (deploy/standins/)
#   official  the official images only; the lane fails when one cannot be had
#   standins  stand-ins even where the official image is here or could be pulled (the
#             stand-in then carries the official name on this machine until a later auto
#             run finds a registry and pulls the real one back)
# A registry that fails to serve one image is not asked for the next: one answer decides for
# the run, so a machine without a registry waits for one timeout, not one per image.

# 'yes', 'no' or '' (not asked yet) for this run.
lane_registry_answers=${lane_registry_answers:-}
lane_image_source=

# Sets lane_image_source to where IMAGE comes from: present (the official image is here), pull
# (pulled just now), standin, or missing (no way to have it under this mode). A variable, not
# output: called in a command substitution, the registry's answer would not be remembered.
image_source() {
	local image=$1 mode=${OLF_LANE_IMAGES:-auto} kind label
	case "$mode" in auto | official | standins) ;; *)
		echo "OLF_LANE_IMAGES must be auto, official or standins, not $mode" >&2
		return 2
		;;
	esac
	kind=$(standin_kind "$image")
	if [ "$mode" = standins ]; then
		if [ "$kind" = none ]; then lane_image_source=missing; else lane_image_source=standin; fi
		return 0
	fi
	if docker image inspect "$image" >/dev/null 2>&1; then
		label=$(docker image inspect -f '{{index .Config.Labels "dev.olf.standin"}}' "$image" 2>/dev/null)
		if [ -z "$label" ]; then
			lane_image_source=present
			return 0
		fi
	fi
	if [ "$lane_registry_answers" != no ]; then
		if timeout "${OLF_LANE_PULL_TIMEOUT:-300}" docker pull -q "$image" >/dev/null 2>&1; then
			lane_registry_answers=yes
			lane_image_source=pull
			return 0
		fi
		# A registry that served another image and refuses this one is asked again for the next.
		[ "$lane_registry_answers" = yes ] || lane_registry_answers=no
	fi
	if [ "$mode" = official ] || [ "$kind" = none ]; then
		lane_image_source=missing
	else
		lane_image_source=standin
	fi
}

# The stand-in recipe (deploy/standins/<kind>) for an image name, or none.
standin_kind() {
	case "$1" in
		apache/kafka:*) echo kafka ;;
		postgres:*) echo postgres ;;
		eclipse-temurin:*-jre*) echo jre ;;
		eclipse-temurin:*-jdk*) echo jdk ;;
		openzipkin/zipkin:*) echo zipkin ;;
		*) echo none ;;
	esac
}
