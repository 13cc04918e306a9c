//go:build race

package main

const manyLinksCount = 10_000 // see TestHundredThousandLinks
