package kit

import "testing"

// CheckShrinks shrinks a failing seed of a test of this test binary (see
// ShrinkSeed; test is the seed's subtest, e.g. "TestSwarm/seed=3") and
// fails t unless the shrunk run fails the same way with fewer faults and
// fewer events, and its schedule replays to the same run. It is how a lab
// shows that shrinking works on its own kind of failure.
func CheckShrinks(t testing.TB, test string, seed int64, tries int) *ShrinkResult {
	t.Helper()
	res, err := ShrinkSeed(test, seed, "", tries)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
	before, after := res.Before, res.After
	if !after.sameFailure(before) {
		t.Fatalf("kit: shrink: the shrunk run fails as %s (%s), the seed as %s (%s)", after.Kind, after.Reason, before.Kind, before.Reason)
	}
	if after.Faults >= before.Faults || after.Events >= before.Events {
		t.Fatalf("kit: shrink: %d faults and %d events became %d and %d: not fewer of both", before.Faults, before.Events, after.Faults, after.Events)
	}
	again, err := ProbeSeed(res.Test, res.Seed, after.Schedule)
	if err != nil {
		t.Fatal(err)
	}
	if again != after {
		t.Fatalf("kit: shrink: the shrunk schedule does not replay: %+v, then %+v", after, again)
	}
	return res
}
