// Package sim is a stub of distlab's simulator, for the checker's tests.
package sim

import (
	"math/rand/v2"
	"time"
)

type NodeID int

type Timer interface{ Stop() bool }

type Env interface {
	ID() NodeID
	Name() string
	Now() time.Duration
	Send(to NodeID, msg any)
	After(d time.Duration, fn func()) Timer
	Rand() *rand.Rand
	Storage() Storage
	Emit(v any)
	Logf(format string, args ...any)
}

type Storage interface {
	Get(key string) ([]byte, bool)
	Put(key string, value []byte)
	Delete(key string)
	Keys(prefix string) []string
}

type World struct{ seed int64 }

func Within(d time.Duration, what string, f func()) error { f(); return nil }

func Stuck() int { return 0 }

func Save(s Storage, key string, v any) {}

const NoNode NodeID = -1
