package hashring

import (
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/distlab/distlab/sim"
)

// Allowed: virtual time, the node's random stream, formatting.
func allowed(env sim.Env) (time.Duration, string, error) {
	d := 3 * time.Second
	d2, _ := time.ParseDuration("1s")
	var r *rand.Rand = env.Rand()
	n := r.IntN(10) + env.Rand().IntN(3)
	s := fmt.Sprintf("%d", n) + strconv.Itoa(n) + d.String()
	env.Logf("n=%d", n)
	return d + d2 + env.Now(), s, fmt.Errorf("hashring: %w", errors.New("x"))
}

func clock() {
	_ = time.Now()                   // want `^wall-clock: time.Now \(use env.Now and env.After\) — time in the simulator is virtual`
	_ = time.Since(time.Time{})      // want `^wall-clock: time.Since` `^import: time.Time: package time is allowed for time.Duration only`
	time.Sleep(time.Millisecond)     // want `^wall-clock: time.Sleep`
	_ = time.After(time.Second)      // want `^wall-clock: time.After`
	_ = time.AfterFunc(0, func() {}) // want `^wall-clock: time.AfterFunc`
	_ = time.Tick(time.Second)       // want `^wall-clock: time.Tick`
	_ = time.NewTimer(0)             // want `^wall-clock: time.NewTimer`
	_ = time.NewTicker(1)            // want `^wall-clock: time.NewTicker`
	now := time.Now                  // want `^wall-clock: time.Now`
	_ = now                          // want `^import: now is of type func\(\) time.Time: time.Time is refused, however its values are reached`
	_ = time.Until                   // want `^wall-clock: time.Until`
	_ = time.Unix(0, 0)              // want `^import: time.Unix: package time is allowed for time.Duration only`
}

func random() int {
	a := rand.IntN(3)                 // want `^global-rand: rand.IntN: math/rand/v2 is allowed for the \*rand.Rand that env.Rand\(\) returns only`
	r := rand.New(rand.NewPCG(1, 2))  // want `^global-rand: rand.New` `^global-rand: rand.NewPCG`
	return a + r.IntN(2) + rand.Int() // want `^global-rand: rand.Int:`
}

func output(w fmt.State) { // want `^package-state: fmt.State: a Formatter's State is fmt's printer`
	fmt.Print("PASS")              // want `^output: fmt.Print \(use env.Logf\) — the grader reads only its own results channel`
	fmt.Printf("ok\n")             // want `^output: fmt.Printf`
	fmt.Println("--- PASS: TestX") // want `^output: fmt.Println`
	fmt.Fprintln(w, "x")           // want `^output: fmt.Fprintln`
	fmt.Fprintf(w, "x")            // want `^output: fmt.Fprintf`
	print("x")                     // want `^output: the print builtin \(use env.Logf\)`
	println("x")                   // want `^output: the println builtin`
	var n int
	fmt.Sscan("1", &n) // want `^import: fmt.Sscan: package fmt is allowed for formatting only`
	p := fmt.Println   // want `^output: fmt.Println`
	_ = p
}

func concurrency() {
	next, stop := iter.Pull(slices.Values([]int{1})) // want `^concurrency: iter.Pull runs the sequence on a coroutine`
	defer stop()
	_, _ = next()
	go func() {}()         // want `^concurrency: go statement — the simulator runs every handler on one thread`
	c := make(chan int, 1) // want `^concurrency: channel type`
	c <- 1                 // want `^concurrency: channel send`
	<-c                    // want `^concurrency: channel receive`
	select {}              // want `^concurrency: select statement`
}

func rangeChan(c <-chan int) { // want `^concurrency: channel type`
	for range c { // want `^concurrency: range over a channel`
	}
}
