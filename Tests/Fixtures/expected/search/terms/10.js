handbookSearchLoaded("terms/10",{"10":[18,51]});
