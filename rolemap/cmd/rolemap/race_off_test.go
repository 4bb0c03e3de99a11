//go:build !race

package main

// raceEnabled: the race detector allocates beside the program, so byte
// budgets do not hold under it.
const raceEnabled = false
