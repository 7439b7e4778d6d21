type Props = { params: Promise<{ slug: string }> }

export async function generateStaticParams() {
  return [{ slug: 'hello-world' }, { slug: 'brewing-guide' }]
}

export default async function Post({ params }: Props) {
  const { slug } = await params
  return <article>{slug.replace(/-/g, ' ')}</article>
}
