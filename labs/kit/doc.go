// Package kit is the shared machinery of the lab tests: seed sweeps,
// failure reports that end with the replay command, operation histories in
// virtual time, and linearizability checks with porcupine.
//
// A lab test states its scenario once and runs it over many seeds:
//
//	//lab:points 10
//	func TestInitialElection(t *testing.T) {
//		kit.Sweep(t, 20, func(r *kit.Run) {
//			w := r.World(sim.Options{Net: sim.NetConfig{Latency: time.Millisecond}})
//			... add nodes, schedule faults ...
//			ok, err := w.RunUntil(bound, leaderElected)
//			r.Check(err)
//			if !ok {
//				r.Fatalf("no leader after %v; nodes think: %s", bound, views)
//			}
//		})
//	}
//
// Each seed is a parallel subtest named "seed=N". Flags on the test binary
// choose the seeds and the output:
//
//	-seed N          run seed N only (and nothing in parallel)
//	-seeds K         run K seeds instead of the test's default
//	-events          print every event of the run (with -seed)
//	-nodes a,b       only events at or to these nodes (with -events)
//	-kinds k,l       only these kinds of events (send, deliver, drop, ...)
//	-view FILE       write the run as a self-contained HTML page (with -seed)
//	-trace-json FILE write the run as a JSON trace (view/SCHEMA.md)
//	-shiviz FILE     write the run as a ShiViz log with vector clocks
//	-porcupine-dir D where linearizability failures write their HTML page
//	                 (default: a new directory per run in the user's cache)
//	-handler-timeout D  wall time before a handler counts as stuck
//
// and the grader adds three of its own (see package results):
//
//	-seed-list A,B   run exactly these seeds (the grader's salted seeds)
//	-results FILE    report every seed's outcome on the results channel
//	-list-sweeps     with -results: record each test's default number of
//	                 seeds and run none
//
// The results channel is how a grade reaches the grader: one JSON line
// per seed (test, seed, verdict, kind of failure, fingerprint, events,
// virtual and wall time, replay command, porcupine page, and the failure
// itself) in a file only the kit writes, written when the seed's subtest
// ends. Standard output is for people: anything a student package prints
// there, such as lines that look like go test's "--- PASS", counts for
// nothing. The grader never passes its salt, only the seeds it derived.
//
// With -v every seed logs one line: seed, fingerprint, events, virtual time
// simulated, wall time, and speed (virtual seconds per wall second). Two
// runs of the same seed print the same fingerprint.
//
// A failure (Run.Fatalf, Run.Check) says what broke, at which virtual time,
// on which network, and ends with the exact command that replays it (with
// -events if the seed ran a simulation, once per seed however many of its
// checks fail):
//
//	seed 2 at virtual time 1.068856s: INVARIANT broken: n4 became leader of term 5 with the votes of {n3, n4} only: ...
//	    after event #243 n4 custom election.BecameLeader{Term:5}
//	    network: latency=1ms jitter=100ms(exponential) loss=0.05 dup=0.05
//	    replay: go test ./labs/election -run '^TestLongDelays$/^seed=2$' -seed 2 -events
//	    view:   go test ./labs/election -run '^TestLongDelays$/^seed=2$' -seed 2 -view TestLongDelays-seed2.html
//	    shrink: go test ./labs/election -run '^TestLongDelays$/^seed=2$' -seed 2 -shrink
//
// A plain go test run (no -v, no -seed) prints one block per failing
// test rather than every failing seed: how many seeds failed, the
// shortest failing seed (the fewest events) in full, with its logs, and
// the other failing seeds on one line, grouped by kind of failure:
//
//	--- FAIL: TestVoterRemembersVote (0.00s)
//	    restart_test.go:93: 100 of 100 seeds failed; the shortest, seed 1 (11 events):
//	        seed 1 at virtual time 0.223848s: INVARIANT broken: n2 sent a granted election.VoteReply of term 1 to n1 at 0.221859s, but when its handler returned its Storage held term 1 and a vote for nobody: ...
//	            after event #11 n1 deliver <- n2 rpc.Response{...}
//	            network: latency=1ms jitter=4ms(uniform) loss=0 dup=0
//	            replay: go test ./labs/election -run '^TestVoterRemembersVote$/^seed=1$' -seed 1 -events
//	            view:   go test ./labs/election -run '^TestVoterRemembersVote$/^seed=1$' -seed 1 -view TestVoterRemembersVote-seed1.html
//	            shrink: go test ./labs/election -run '^TestVoterRemembersVote$/^seed=1$' -seed 1 -shrink
//	        other failing seeds: 2-100 (replay one with its number in the command)
//
// The seeds the block covers do not fail their own subtests (a stopped
// one is skipped), so go test prints no line per seed. With -v, and under
// go test -json, as the grader and the mutant runner run it, every
// failing seed fails its subtest and prints its failure in full. The
// results channel is the same either way. Run.Failed says whether the
// seed has failed so far, in both.
//
// A panic, a stuck handler or a broken run limit in node code fails that
// seed only, with the reason; the other seeds and tests go on (but once a
// handler is stuck in a loop, which no one can stop, seeds not yet started
// fail at once, "not run", rather than starve). The first seed of every
// test runs twice, compared event by event: code that does not replay
// exactly fails with the first event where the runs differed. Student code
// a test calls outside any world goes through Run.Within, which fails the
// seed if the call does not return in time instead of hanging the binary;
// Run.CheckDeterminism runs a scenario twice and fails the seed if the runs
// differ.
//
// Shrinking: every failure also logs the command that shrinks it, with
// -shrink: the seed runs again, each candidate in a new process of the
// test binary (with -rules=false: the rules were checked before the
// tests ran), with fewer of its faults (losses, duplications, crashes,
// pauses, partitions, cut links) and shorter delays, and the smallest run
// that fails the same way is printed as a -schedule, with its replay line
// (see ShrinkSeed and sim.FaultPlan):
//
//	-shrink           shrink each failing seed
//	-shrink-tries N   run at most N candidates per seed
//	-schedule S       run the seed with the faults of S (as -shrink printed)
//
// Search tests (Search, SearchTest) explore the schedules of a small
// configuration with sim.Explore, as a sweep of one seed; a failure lists
// the schedule step by step and replays it:
//
//	-choices C        replay the search's schedule C (e.g. 0.2.1.0), with -seed
//	-choices-file F   the same, with the schedule in file F
//	-all-orders       breadth-first searches take both orders of events
//	                  that commute (sim.ExploreConfig.AllOrders)
//
// Linearizability: clients record each operation's call and return in a
// History; Run.CheckKV checks it against KVModel (Get, Put, Append,
// partitioned by key). On a violation, porcupine's page is written to an
// HTML file whose path the failure prints, in a directory of the run's own
// (see porcupine.go), with the partitions and crashes recorded by
// History.RecordFaults marked on it, a time axis in milliseconds, the
// client, server and events of each operation in its tooltip, and the page
// open at the first operation no order can place. A check that times out
// fails too: it is never a pass.
package kit
