export const dynamic = 'force-static'

export default function About() {
  return <p>We've been roasting since 2009.</p>
}
