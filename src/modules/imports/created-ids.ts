/** The ids an import created: counted, with the first few kept for the answer (not 100,000 strings). */
export class CreatedIds {
  static readonly KEEP = 1000;
  readonly first: string[] = [];
  last: string | null = null;
  count = 0;

  add(id: string): void {
    if (this.count < CreatedIds.KEEP) this.first.push(id);
    this.last = id;
    this.count += 1;
  }
}
