export function Hero() {
  return (
    <section className="hero">
      <img src="/hero.png" alt="Fast pages" />
      <h1>Fast pages, every time</h1>
    </section>
  );
}
