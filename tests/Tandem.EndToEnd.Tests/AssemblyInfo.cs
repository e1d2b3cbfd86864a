// The end-to-end tests time real processes (video back within 3 s, 270 frames in 10 s): run one class at
// a time so the suite's own processes do not starve each other on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
