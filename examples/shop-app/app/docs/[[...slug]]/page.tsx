export const dynamic = 'force-static'

export function generateStaticParams() {
  return [{ slug: [] }, { slug: ['getting-started'] }, { slug: ['api', 'orders'] }]
}

export default async function Docs({ params }: { params: Promise<{ slug?: string[] }> }) {
  const { slug = [] } = await params
  return <h1>{slug.length ? slug.join('/') : 'Documentation'}</h1>
}
