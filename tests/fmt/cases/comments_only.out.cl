# only comments here
// and here

/* and a block */
