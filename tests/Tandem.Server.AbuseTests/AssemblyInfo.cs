// One scenario at a time: each loads the machine on purpose, and measures what a server does under it.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
