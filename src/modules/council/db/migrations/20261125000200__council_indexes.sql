-- Papers that name a paper as superordinated (OParl Paper.subordinatedPaper) without a full scan.
create index paper_superordinated_idx on council.paper using gin (superordinated_paper_ids);
