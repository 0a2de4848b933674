package sim

import (
	"slices"
	"strings"
)

// Storage is a node's durable key/value store: what it holds survives a
// crash and is there again when the node restarts, while everything else
// the node had is lost. A Put is durable when it returns, as if written and
// synced to disk, so a node that saves its state before sending a reply
// never forgets what the reply promised.
//
// Values are copied in and out: changing a slice after Put, or the slice
// Get returned, never changes what is stored.
type Storage interface {
	// Get returns a copy of the value stored under key.
	Get(key string) (value []byte, ok bool)
	// Put stores a copy of value under key.
	Put(key string, value []byte)
	// Delete removes key; deleting a missing key does nothing.
	Delete(key string)
	// Keys returns the stored keys with the given prefix, sorted.
	Keys(prefix string) []string
}

// memStorage is the simulator's Storage: an in-memory map that belongs to
// the node, not to an incarnation of it.
type memStorage struct {
	m     map[string][]byte
	bytes int // total size of keys and values, for Stats
}

func newMemStorage() *memStorage { return &memStorage{m: map[string][]byte{}} }

func (s *memStorage) Get(key string) ([]byte, bool) {
	v, ok := s.m[key]
	if !ok {
		return nil, false
	}
	return slices.Clone(v), true
}

func (s *memStorage) Put(key string, value []byte) {
	if old, ok := s.m[key]; ok {
		s.bytes -= len(key) + len(old)
	}
	v := make([]byte, len(value))
	copy(v, value)
	s.m[key] = v
	s.bytes += len(key) + len(v)
}

func (s *memStorage) Delete(key string) {
	if old, ok := s.m[key]; ok {
		s.bytes -= len(key) + len(old)
		delete(s.m, key)
	}
}

func (s *memStorage) Keys(prefix string) []string {
	var keys []string
	for k := range s.m {
		if strings.HasPrefix(k, prefix) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// deadStorage is what the Env of a crashed incarnation hands out: reads see
// nothing and writes are lost, as a process that is gone cannot write.
type deadStorage struct{}

func (deadStorage) Get(string) ([]byte, bool) { return nil, false }
func (deadStorage) Put(string, []byte)        {}
func (deadStorage) Delete(string)             {}
func (deadStorage) Keys(string) []string      { return nil }
