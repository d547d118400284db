handbookSearchLoaded("terms/pe",{"people":[5,3]});
