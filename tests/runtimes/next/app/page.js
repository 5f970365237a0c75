export default function Home() {
  return <p>enkash-rewards runtime test</p>;
}
