#!/usr/bin/env bash
# Reports distlab's results to GitHub Classroom, reading them from a file
# (grader merge --format classroom), whatever their size.
#
#   bash official/grader/classroom/report.sh classroom.json
#
# Classroom's own reporter (autograding-grading-reporter) takes results
# only from an environment variable, and Linux caps one variable at
# 128 KiB: the results of a failing submission, which carry its failures,
# are often larger, and the reporter could not even start. This script
# does what that reporter does, from the file:
#
#   - prints each test with its points, and the total;
#   - adds the total to the job's summary ($GITHUB_STEP_SUMMARY);
#   - sets the check run that Classroom reads ("Autograding Tests", or
#     $DISTLAB_CHECK_NAME) to "Points X/Y", through the GitHub API
#     ($GITHUB_API_URL, with $GITHUB_TOKEN, for the run $GITHUB_RUN_ID
#     of $GITHUB_REPOSITORY);
#   - exits 1 when a test failed, so that the job shows it.
#
# Needs bash, curl and jq, as GitHub's runners have.
set -euo pipefail

results=${1:?usage: report.sh CLASSROOM.json}
check_name=${DISTLAB_CHECK_NAME:-Autograding Tests}

if ! jq -e '.version == 1 and (.tests | type == "array")' "$results" >/dev/null; then
	echo "report.sh: $results is not a distlab Classroom result (grader merge --format classroom)" >&2
	exit 2
fi

jq -r '.tests[] | "\(if .status == "pass" then "PASS" else "FAIL" end)  \(.name): \(.score) points"' "$results"
total=$(jq '[.tests[].score] | add // 0' "$results")
max=$(jq '.max_score' "$results")
status=$(jq -r '.status' "$results")
text="Points $total/$max"
echo "$text"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
	printf '### %s\n' "$text" >>"$GITHUB_STEP_SUMMARY"
fi

notify() {
	local api=${GITHUB_API_URL:-https://api.github.com}
	local repo=${GITHUB_REPOSITORY:-}
	local run=${GITHUB_RUN_ID:-}
	if [ -z "${GITHUB_TOKEN:-}" ] || [ -z "$repo" ] || [ -z "$run" ] || [ "$max" = 0 ]; then
		echo "report.sh: no token, repository or run: Classroom not told" >&2
		return 0
	fi
	gh() {
		curl -fsS -H "Authorization: Bearer $GITHUB_TOKEN" -H "Accept: application/vnd.github+json" \
			-H "X-GitHub-Api-Version: 2022-11-28" "$@"
	}
	local suite_url suite runs id
	suite_url=$(gh "$api/repos/$repo/actions/runs/$run" | jq -r '.check_suite_url')
	suite=${suite_url##*/}
	runs=$(gh -G "$api/repos/$repo/check-suites/$suite/check-runs" --data-urlencode "check_name=$check_name")
	if [ "$(jq '.total_count' <<<"$runs")" != 1 ]; then
		echo "report.sh: no single check run named \"$check_name\" in check suite $suite: Classroom not told" >&2
		return 0
	fi
	id=$(jq '.check_runs[0].id' <<<"$runs")
	jq -n --arg text "$text" '{output: {title: "Autograding", summary: $text, text: $text,
		annotations: [{path: ".github", start_line: 1, end_line: 1, annotation_level: "notice",
			message: $text, title: "Autograding complete"}]}}' |
		gh -X PATCH "$api/repos/$repo/check-runs/$id" --data-binary @- >/dev/null
	echo "report.sh: check run $id says $text"
}
notify

if [ "$status" != pass ]; then
	exit 1
fi
