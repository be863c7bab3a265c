"""Writing notes: new summaries, importing legacy notes and hand-kept diary lists."""
