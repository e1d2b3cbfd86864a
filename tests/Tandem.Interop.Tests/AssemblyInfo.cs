// Every cell runs real media for seconds (two encoders, two decoders): one at a time, so a cell's frame
// counts measure the stacks, not the cells competing for 2 cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
