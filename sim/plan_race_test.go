package sim

import (
	"fmt"
	"reflect"
	"sync"
	"testing"
)

// TestPlanForConcurrent builds the plans of new types from many
// goroutines at once, as worlds of parallel seeds do: each must get the
// type's complete plan, whichever goroutine built it.
func TestPlanForConcurrent(t *testing.T) {
	const types, goroutines = 2000, 8
	for i := range types {
		inner := reflect.StructOf([]reflect.StructField{{Name: fmt.Sprintf("A%d", i), Type: reflect.TypeFor[int]()}})
		typ := reflect.StructOf([]reflect.StructField{
			{Name: "In", Type: reflect.PointerTo(inner)},
			{Name: fmt.Sprintf("B%d", i), Type: reflect.TypeFor[[]string]()},
		})
		var wg sync.WaitGroup
		got := make([]*plan, goroutines)
		start := make(chan struct{})
		for g := range goroutines {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				got[g] = planFor(typ)
			}()
		}
		close(start) // all at once, so that they race to build the plan
		wg.Wait()
		for g, p := range got {
			if p == nil || p.typ != typ {
				t.Fatalf("type %d, goroutine %d: planFor returned %v", i, g, p)
			}
		}
	}
}
