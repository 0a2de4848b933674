package sim

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stamp is a message that carries its send time and sequence number.
type stamp struct {
	Seq    int
	SentAt time.Duration
}

// blaster returns a factory of nodes that send count stamps to node to,
// one every gap of virtual time from boot (all at once when gap is 0).
func blaster(to NodeID, count int, gap time.Duration) Factory {
	return starter(func(env Env) {
		if gap == 0 {
			for i := range count {
				env.Send(to, stamp{Seq: i, SentAt: env.Now()})
			}
			return
		}
		i := 0
		var next func()
		next = func() {
			env.Send(to, stamp{Seq: i, SentAt: env.Now()})
			i++
			if i < count {
				env.After(gap, next)
			}
		}
		next()
	})
}

func seqs(s *sink) []int {
	out := make([]int, len(s.got))
	for i, a := range s.got {
		out[i] = a.Msg.(stamp).Seq
	}
	return out
}

func TestPerfectNetworkDeliversInOrderAtOnce(t *testing.T) {
	w := newWorld(t, Options{})
	addNode(t, w, "a", blaster(1, 100, 0))
	_, b := addSink(t, w, "b")
	require.NoError(t, w.Run(time.Second))
	require.Len(t, b.got, 100)
	for i, a := range b.got {
		assert.Equal(t, i, a.Msg.(stamp).Seq)
		assert.Equal(t, time.Duration(0), a.At)
		assert.Equal(t, NodeID(0), a.From)
	}
	assert.Equal(t, Stats{Events: 2 + 100 + 100, Sends: 100, Delivered: 100}, w.Stats())
}

func TestFixedLatencyKeepsOrder(t *testing.T) {
	w := newWorld(t, Options{Net: NetConfig{Latency: 3 * time.Millisecond}})
	addNode(t, w, "a", blaster(1, 50, 100*time.Microsecond))
	_, b := addSink(t, w, "b")
	require.NoError(t, w.Run(time.Second))
	require.Len(t, b.got, 50)
	for i, a := range b.got {
		m := a.Msg.(stamp)
		assert.Equal(t, i, m.Seq)
		assert.Equal(t, 3*time.Millisecond, a.At-m.SentAt)
	}
}

// TestDelayBounds checks every delivery's delay against the distribution's
// range, and that the delays spread over it.
func TestDelayBounds(t *testing.T) {
	const (
		latency = 2 * time.Millisecond
		jitter  = 3 * time.Millisecond
		count   = 2000
	)
	for _, tc := range []struct {
		dist     Dist
		max      time.Duration
		wantMean time.Duration // of the extra delay
	}{
		{Uniform, latency + jitter, jitter / 2},
		{Exponential, latency + 10*jitter, jitter},
	} {
		t.Run(tc.dist.String(), func(t *testing.T) {
			w := newWorld(t, Options{Seed: 5, Net: NetConfig{Latency: latency, Jitter: jitter, Dist: tc.dist}})
			var extra []float64
			w.Observe(func(ev Event) error {
				if ev.Kind != KindDeliver {
					return nil
				}
				d := ev.Time - ev.Msg.(stamp).SentAt
				if d < latency || d > tc.max {
					return fmt.Errorf("delay %v outside [%v, %v]", d, latency, tc.max)
				}
				extra = append(extra, float64(d-latency))
				return nil
			})
			for i := range 4 {
				addNode(t, w, "", blaster(4, count/4, time.Duration(i+1)*100*time.Microsecond))
			}
			addNode(t, w, "sink", idle)
			require.NoError(t, w.Run(time.Second))
			require.Len(t, extra, count)

			mean, lo, hi := 0.0, math.Inf(1), math.Inf(-1)
			for _, x := range extra {
				mean += x / count
				lo, hi = min(lo, x), max(hi, x)
			}
			// Both distributions have a standard deviation of at most
			// jitter; the mean of count draws is within 5 sd of the mean
			// of the distribution.
			sd := float64(jitter) / math.Sqrt(count)
			assert.InDelta(t, float64(tc.wantMean), mean, 5*sd, "mean extra delay")
			assert.Less(t, lo, float64(jitter)/20, "some messages come nearly at the minimum")
			assert.Greater(t, hi, float64(jitter)*0.9, "some messages are late")
		})
	}
}

func TestJitterReorders(t *testing.T) {
	w := newWorld(t, Options{Seed: 3, Net: NetConfig{Latency: time.Millisecond, Jitter: 5 * time.Millisecond}})
	addNode(t, w, "a", blaster(1, 200, 100*time.Microsecond))
	_, b := addSink(t, w, "b")
	require.NoError(t, w.Run(time.Second))
	got := seqs(b)
	require.Len(t, got, 200)
	inversions := 0
	for i := 1; i < len(got); i++ {
		if got[i] < got[i-1] {
			inversions++
		}
	}
	assert.Greater(t, inversions, 20, "messages 0.1ms apart with 5ms of jitter arrive out of order")
	assert.ElementsMatch(t, seqsUpTo(200), got, "every message arrives once")
}

func seqsUpTo(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// TestLossAndDuplicationRates sends many messages over many seeds and
// checks the observed rates against the configured ones, within 4.5
// standard deviations of the binomial distribution.
func TestLossAndDuplicationRates(t *testing.T) {
	const (
		seeds   = 20
		perSeed = 1000
		loss    = 0.2
		dup     = 0.1
	)
	var sent, lost, kept, duplicated int
	perSeedLost := map[int]bool{}
	for seed := range int64(seeds) {
		w := newWorld(t, Options{Seed: seed, Net: NetConfig{Latency: time.Millisecond, Loss: loss, Duplicate: dup}})
		evs := record(w)
		addNode(t, w, "a", blaster(1, perSeed, 10*time.Microsecond))
		_, b := addSink(t, w, "b")
		require.NoError(t, w.Run(time.Second))

		st := w.Stats()
		drops := ofKind(*evs, KindDrop)
		dups := ofKind(*evs, KindDuplicate)
		for _, d := range drops {
			require.Equal(t, DropLoss, d.Detail)
		}
		require.Equal(t, uint64(perSeed), st.Sends)
		require.Equal(t, uint64(len(drops)), st.Dropped)
		require.Equal(t, uint64(len(dups)), st.Duplicated)
		require.Equal(t, st.Sends-st.Dropped+st.Duplicated, st.Delivered)
		require.Len(t, b.got, int(st.Delivered))

		sent += perSeed
		lost += len(drops)
		kept += perSeed - len(drops)
		duplicated += len(dups)
		perSeedLost[len(drops)] = true
	}
	within := func(what string, got, n int, p float64) {
		sd := math.Sqrt(float64(n) * p * (1 - p))
		assert.InDelta(t, p*float64(n), float64(got), 4.5*sd, "%s: %d of %d (expected rate %v)", what, got, n, p)
	}
	within("lost", lost, sent, loss)
	within("duplicated", duplicated, kept, dup)
	assert.Greater(t, len(perSeedLost), seeds/2, "different seeds lose different numbers of messages")
}

func TestCertainLossAndDuplication(t *testing.T) {
	t.Run("loss 1", func(t *testing.T) {
		w := newWorld(t, Options{Net: NetConfig{Loss: 1}})
		addNode(t, w, "a", blaster(1, 50, 0))
		_, b := addSink(t, w, "b")
		require.NoError(t, w.Run(time.Second))
		assert.Empty(t, b.got)
		assert.Equal(t, uint64(50), w.Stats().Dropped)
	})
	t.Run("duplicate 1", func(t *testing.T) {
		w := newWorld(t, Options{Net: NetConfig{Duplicate: 1}})
		addNode(t, w, "a", blaster(1, 50, 0))
		_, b := addSink(t, w, "b")
		require.NoError(t, w.Run(time.Second))
		assert.Len(t, b.got, 100)
		assert.Equal(t, uint64(50), w.Stats().Duplicated)
	})
}

func TestSelfSend(t *testing.T) {
	w := newWorld(t, Options{Net: NetConfig{Latency: time.Millisecond}})
	var got []arrival
	addNode(t, w, "a", func() Node {
		return &fnNode{
			start: func(env Env) { env.Send(env.ID(), num{N: 7}) },
			recv: func(env Env, from NodeID, msg any) {
				got = append(got, arrival{At: env.Now(), From: from, Msg: msg})
			},
		}
	})
	require.NoError(t, w.Run(time.Second))
	assert.Equal(t, []arrival{{At: time.Millisecond, From: 0, Msg: num{N: 7}}}, got)
	assert.True(t, w.Linked(0, 0))
}

func TestValidate(t *testing.T) {
	bad := []struct {
		name string
		c    NetConfig
		want string
	}{
		{"negative latency", NetConfig{Latency: -1}, "latency"},
		{"negative jitter", NetConfig{Jitter: -1}, "jitter"},
		{"unknown dist", NetConfig{Dist: Exponential + 1}, "distribution"},
		{"loss below 0", NetConfig{Loss: -0.1}, "loss"},
		{"loss above 1", NetConfig{Loss: 1.5}, "loss"},
		{"loss NaN", NetConfig{Loss: math.NaN()}, "loss"},
		{"duplicate below 0", NetConfig{Duplicate: -0.5}, "duplication"},
		{"duplicate above 1", NetConfig{Duplicate: 1.01}, "duplication"},
		{"duplicate NaN", NetConfig{Duplicate: math.NaN()}, "duplication"},
		{"duplicate infinite", NetConfig{Duplicate: math.Inf(1)}, "duplication"},
		{"latency above an hour", NetConfig{Latency: 2 * time.Hour}, "hour"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Validate()
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)

			_, err = New(Options{Net: tc.c})
			assert.EqualError(t, err, tc.c.Validate().Error(), "New rejects it")

			w := newWorld(t, Options{})
			before := w.Net()
			err = w.SetNet(tc.c)
			assert.EqualError(t, err, tc.c.Validate().Error(), "SetNet rejects it")
			assert.Equal(t, before, w.Net(), "the network is unchanged")
			runErr := w.Run(time.Second)
			assert.ErrorIs(t, runErr, err, "and the world has finished")
		})
	}
	good := []NetConfig{
		{},
		{Latency: time.Millisecond, Jitter: time.Millisecond, Dist: Exponential, Loss: 1, Duplicate: 1},
		{Loss: 0.5, Duplicate: 0},
		{Latency: time.Hour, Jitter: time.Hour},
	}
	for _, c := range good {
		assert.NoError(t, c.Validate(), "%v", c)
	}
}

func TestSetNetAppliesFromNow(t *testing.T) {
	w := newWorld(t, Options{Net: NetConfig{Latency: 10 * time.Millisecond}})
	evs := record(w)
	addNode(t, w, "a", blaster(1, 20, time.Millisecond))
	_, b := addSink(t, w, "b")
	lossy := NetConfig{Latency: time.Millisecond, Loss: 1}
	w.At(5*time.Millisecond+time.Microsecond, func() { assert.NoError(t, w.SetNet(lossy)) })
	require.NoError(t, w.Run(time.Second))

	// Messages 0..5 were sent before the change and keep their 10ms delay;
	// the rest are lost.
	require.Len(t, b.got, 6)
	for i, a := range b.got {
		assert.Equal(t, i, a.Msg.(stamp).Seq)
		assert.Equal(t, 10*time.Millisecond, a.At-a.Msg.(stamp).SentAt)
	}
	assert.Len(t, ofKind(*evs, KindDrop), 14)
	net := ofKind(*evs, KindNetwork)
	require.Len(t, net, 1)
	assert.Equal(t, "net "+lossy.String(), net[0].Detail)
	assert.Equal(t, lossy, w.Net())
}

func TestSwarmNet(t *testing.T) {
	assert.Equal(t, SwarmNet(42), SwarmNet(42), "the same seed draws the same network")

	const n = 300
	latencies := map[time.Duration]bool{}
	dists := map[Dist]int{}
	noLoss, noDup := 0, 0
	for seed := range int64(n) {
		c := SwarmNet(seed)
		require.NoError(t, c.Validate(), "seed %d: %v", seed, c)
		assert.GreaterOrEqual(t, c.Latency, 100*time.Microsecond)
		assert.Less(t, c.Latency, 5*time.Millisecond)
		assert.Less(t, c.Jitter, 20*time.Millisecond)
		assert.LessOrEqual(t, c.Loss, 0.3)
		assert.LessOrEqual(t, c.Duplicate, 0.1)
		latencies[c.Latency] = true
		dists[c.Dist]++
		if c.Loss == 0 {
			noLoss++
		}
		if c.Duplicate == 0 {
			noDup++
		}

		w := newWorld(t, Options{Seed: seed, Swarm: true, Net: NetConfig{Loss: 0.9}})
		require.Equal(t, c, w.Net(), "swarm mode replaces Net with SwarmNet(seed)")
	}
	assert.Greater(t, len(latencies), n*9/10, "seeds draw different latencies")
	assert.Greater(t, dists[Uniform], n/4)
	assert.Greater(t, dists[Exponential], n/4)
	// A third of the seeds have no loss and half no duplication; allow
	// 4.5 binomial standard deviations.
	sd := func(p float64) float64 { return 4.5 * math.Sqrt(n*p*(1-p)) }
	assert.InDelta(t, n/3.0, float64(noLoss), sd(1.0/3))
	assert.InDelta(t, n/2.0, float64(noDup), sd(0.5))
}

func TestNetConfigStringPrintsEveryParameter(t *testing.T) {
	c := NetConfig{Latency: 1500 * time.Microsecond, Jitter: 7 * time.Millisecond, Dist: Exponential, Loss: 0.0004, Duplicate: 0.125}
	s := c.String()
	for _, want := range []string{"latency=1.5ms", "jitter=7ms", "exponential", "loss=0.0004", "dup=0.125"} {
		assert.Contains(t, s, want)
	}
	for seed := range int64(20) {
		c := SwarmNet(seed)
		s := c.String()
		for _, want := range []string{
			"latency=" + c.Latency.String(),
			"jitter=" + c.Jitter.String(),
			c.Dist.String(),
			fmt.Sprintf("loss=%v", c.Loss),
			fmt.Sprintf("dup=%v", c.Duplicate),
		} {
			assert.True(t, strings.Contains(s, want), "%q lacks %q", s, want)
		}
	}
	assert.Equal(t, "dist(9)", Dist(9).String())
}
